package io.sluice.agent.output;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.config.SluiceConfig;
import io.sluice.config.output.OutputConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every output of one agent, started together and stopped together: all are asked to stop at once, so they drain in
 * parallel within one drain timeout rather than one after another.
 */
public final class OutputDestinations implements AutoCloseable {

  /** Beyond the drain timeout, how long close waits for the threads before interrupting them. */
  private static final Duration JOIN_GRACE = Duration.ofSeconds(5);

  private final List<OutputDestination> destinations;
  private final Duration drainTimeout;

  private OutputDestinations(List<OutputDestination> destinations, Duration drainTimeout) {
    this.destinations = List.copyOf(destinations);
    this.drainTimeout = drainTimeout;
  }

  /**
   * Builds a destination for each output of {@code config}, all reading {@code buffer}, counting into
   * {@code registry} and calling {@code hook} after each upload.
   */
  public static OutputDestinations create(SluiceConfig config, RecordBuffer buffer, PrometheusRegistry registry,
      UploadHook hook) {
    return create(config, buffer, registry, hook, StoreFactory.FROM_CONFIG);
  }

  /** As {@link #create(SluiceConfig, RecordBuffer, PrometheusRegistry, UploadHook)}, with the stores from
   * {@code stores}. */
  public static OutputDestinations create(SluiceConfig config, RecordBuffer buffer, PrometheusRegistry registry,
      UploadHook hook, StoreFactory stores) {
    OutputMetrics metrics = OutputMetrics.register(registry);
    List<OutputDestination> built = new ArrayList<>();
    try {
      for (OutputConfig output : config.outputs()) {
        built.add(OutputDestination.builder(output, config.agent())
            .bufferDirectory(config.buffer().directory())
            .buffer(buffer)
            .metrics(metrics)
            .uploadHook(hook)
            .store(stores.create(output, config.tracker().region()))
            .build());
      }
    } catch (RuntimeException e) {
      built.forEach(OutputDestination::close);
      throw e;
    }
    return new OutputDestinations(built, config.agent().drainTimeout());
  }

  /** Starts every destination. */
  public void start() {
    destinations.forEach(OutputDestination::start);
  }

  /** The destinations, in config order. */
  public List<OutputDestination> destinations() {
    return destinations;
  }

  /** What each destination is doing now, in config order. */
  public List<OutputStatus> status() {
    return destinations.stream().map(OutputDestination::status).toList();
  }

  /** Why {@code /readyz} should fail for the output {@code name}, or empty (also for a name it does not have). */
  public Optional<String> readinessProblem(String name) {
    return destinations.stream().filter(destination -> destination.name().equals(name)).findFirst()
        .flatMap(OutputDestination::readinessProblem);
  }

  /** Asks every destination to seal and ship, waits for all within the drain timeout, then closes them. */
  @Override
  public void close() {
    destinations.forEach(OutputDestination::requestStop);
    long deadline = System.nanoTime() + drainTimeout.toNanos() + JOIN_GRACE.toNanos();
    destinations.forEach(destination -> destination.awaitStopped(deadline));
    destinations.forEach(OutputDestination::close);
  }
}
