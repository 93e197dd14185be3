package io.sluice.agent.output;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.config.SluiceConfig;
import io.sluice.config.agent.AgentConfig;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputRoutes;
import java.nio.file.Path;
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
  private final RoutingHistory routing;
  private final Duration drainTimeout;

  private OutputDestinations(List<OutputDestination> destinations, RoutingHistory routing, Duration drainTimeout) {
    this.destinations = List.copyOf(destinations);
    this.routing = routing;
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
    return create(config, buffer, OutputMetrics.register(registry), hook, stores);
  }

  /**
   * As {@link #create(SluiceConfig, RecordBuffer, PrometheusRegistry, UploadHook, StoreFactory)}, counting into
   * metrics registered before: a reload builds the outputs again into the same registry.
   */
  public static OutputDestinations create(SluiceConfig config, RecordBuffer buffer, OutputMetrics metrics,
      UploadHook hook, StoreFactory stores) {
    return create(config.outputs(), config.agent(), config.tracker().region(), config.buffer().directory(), buffer,
        metrics, hook, stores);
  }

  /**
   * Builds a destination for each of {@code outputs} of the agent {@code agent}, its S3 stores in
   * {@code trackerRegion} unless they name their own, keeping their journals and spools under
   * {@code bufferDirectory}: what a reload builds from the reloaded outputs and the running buffer.
   */
  public static OutputDestinations create(List<OutputConfig> outputs, AgentConfig agent, String trackerRegion,
      Path bufferDirectory, RecordBuffer buffer, OutputMetrics metrics, UploadHook hook, StoreFactory stores) {
    return create(outputs, RoutingHistory.of(OutputRoutes.of(outputs)), agent, trackerRegion, bufferDirectory,
        buffer, metrics, hook, stores);
  }

  /**
   * As {@link #create(List, AgentConfig, String, Path, RecordBuffer, OutputMetrics, UploadHook, StoreFactory)},
   * routing by {@code routing}, whose current routes are those of {@code outputs}: what a reload builds after
   * routes changed, so that entries read before it keep the routes they were read with.
   */
  public static OutputDestinations create(List<OutputConfig> outputs, RoutingHistory routing, AgentConfig agent,
      String trackerRegion, Path bufferDirectory, RecordBuffer buffer, OutputMetrics metrics, UploadHook hook,
      StoreFactory stores) {
    List<OutputDestination> built = new ArrayList<>();
    try {
      for (OutputConfig output : outputs) {
        built.add(OutputDestination.builder(output, agent)
            .routing(routing)
            .bufferDirectory(bufferDirectory)
            .buffer(buffer)
            .metrics(metrics)
            .uploadHook(hook)
            .store(stores.create(output, trackerRegion))
            .build());
      }
    } catch (RuntimeException e) {
      built.forEach(OutputDestination::close);
      throw e;
    }
    return new OutputDestinations(built, routing, agent.drainTimeout());
  }

  /** Starts every destination, each once it has reported its committed position to the buffer. */
  public void start() {
    destinations.forEach(OutputDestination::reportCommittedPosition);
    destinations.forEach(OutputDestination::start);
  }

  /** The destinations, in config order. */
  public List<OutputDestination> destinations() {
    return destinations;
  }

  /** The routes the destinations were built with. */
  public RoutingHistory routing() {
    return routing;
  }

  /**
   * {@link #routing()} with {@code next} for the entries none of these destinations has read, less the routes of
   * entries all of them have committed past: call once they have stopped.
   */
  public RoutingHistory routingThen(List<OutputConfig> next) {
    long readThrough = destinations.stream().mapToLong(OutputDestination::readThrough).max()
        .orElse(BufferReader.NO_INDEX);
    long committedThrough = destinations.stream().mapToLong(OutputDestination::committedThrough).min()
        .orElse(BufferReader.NO_INDEX);
    return routing.then(OutputRoutes.of(next), readThrough).forgetThrough(committedThrough);
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

  /**
   * Asks every destination to seal and ship its open files, waits for all within the drain timeout, then closes
   * them. What they have not read stays in the buffer for whoever reads it next (a reload's new outputs).
   */
  @Override
  public void close() {
    stop(false, drainTimeout);
  }

  /**
   * Asks every destination to read on to the buffer's end, then seal and ship, all within {@code within} (what is
   * left of the agent's drain timeout); waits for all, then closes them. For the agent's stop, once its inputs no
   * longer append.
   */
  public void drainAndClose(Duration within) {
    stop(true, within);
  }

  /** Whether every destination's thread has ended, so that new ones may take over their journals. */
  public boolean stopped() {
    return destinations.stream().allMatch(OutputDestination::stopped);
  }

  private void stop(boolean drainBuffer, Duration within) {
    destinations.forEach(destination -> destination.requestStop(drainBuffer, within));
    long deadline = System.nanoTime() + within.toNanos() + JOIN_GRACE.toNanos();
    destinations.forEach(destination -> destination.awaitStopped(deadline));
    destinations.forEach(OutputDestination::close);
  }
}
