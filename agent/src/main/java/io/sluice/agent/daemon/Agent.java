package io.sluice.agent.daemon;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.admin.AdminEndpoints;
import io.sluice.agent.admin.AdminServer;
import io.sluice.agent.admin.MetricsScrape;
import io.sluice.agent.admin.Readiness;
import io.sluice.agent.admin.ReadinessCheck;
import io.sluice.agent.buffer.ChronicleRecordBuffer;
import io.sluice.agent.buffer.RefusalReason;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.forward.ForwardInput;
import io.sluice.agent.input.http.HttpInput;
import io.sluice.agent.output.OutputDestinations;
import io.sluice.agent.output.OutputStatus;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.status.StatusReport;
import io.sluice.agent.tracker.TrackerUploadHook;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.config.admin.AdminConfig;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.load.EmbeddedLoader;
import io.sluice.loader.load.LoaderStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sluice process, built from its configuration: {@link #start()} brings the components up in data-path
 * order (buffer, outputs, inputs, admin), {@link #close()} takes them down in reverse so that nothing accepted is
 * left unbuffered and open files are shipped within the drain timeout.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final SluiceConfig config;
  private final AgentParts parts;
  private final PrometheusRegistry metrics;
  private final CountDownLatch stopped = new CountDownLatch(1);

  // Guarded by this; volatile so the readiness checks and the port accessors read them without the lock.
  private volatile State state = State.NEW;
  private volatile ChronicleRecordBuffer buffer;
  private volatile OutputDestinations outputs;
  private volatile HttpInput http;
  private volatile ForwardInput forward;
  private volatile AdminServer admin;
  private volatile EmbeddedLoader loader;

  public Agent(SluiceConfig config) {
    this(config, AgentParts.PRODUCTION);
  }

  /** An agent whose replaceable parts (the object stores) are given, for tests that inject faults. */
  Agent(SluiceConfig config, AgentParts parts) {
    this.config = config;
    this.parts = parts;
    this.metrics = AgentMetrics.create(config.agent().id());
  }

  /**
   * Creates the working directories, opens the buffer, starts the outputs, then the inputs and the admin endpoint.
   *
   * @throws IOException when a directory cannot be created or a port cannot be bound; nothing is left running
   * @throws IllegalStateException when the agent was already started or closed
   */
  public synchronized void start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("an agent starts once; this one is " + state);
    }
    if (config.outputs().isEmpty()) {
      throw new IllegalStateException("the configuration has no outputs: it is for a standalone loader, run it with"
          + " `sluice loader run`");
    }
    try {
      AgentDirectories.create(config);
      buffer = ChronicleRecordBuffer.open(config.buffer(), outputNames(), metrics);
      UploadHook hook = parts.uploadHook();
      if (config.tracker().mode() == TrackerMode.EMBEDDED) {
        // Before the outputs: their first upload needs the tables and the config items to register into.
        loader = EmbeddedLoader.start(config, metrics);
        EmbeddedLoader tracker = loader;
        hook = chain(hook, new TrackerUploadHook(loader.registrar(), tracker::ready, s3OutputNames(), metrics));
      }
      outputs = OutputDestinations.create(config, buffer, metrics, hook, parts.stores());
      outputs.start();
      // One budget for both inputs: what bounds memory is the sum over every connection.
      InFlightBudget budget = new InFlightBudget(config.inputs().memoryBudget().bytes());
      budget.register(metrics);
      http = config.inputs().http().enabled() ? HttpInput.start(config.inputs().http(), buffer, metrics, budget)
          : null;
      ForwardInputConfig forwardConfig = config.inputs().forward();
      forward = forwardConfig.enabled() ? ForwardInput.start(forwardConfig, buffer, metrics, budget) : null;
      admin = startAdmin(config.admin());
    } catch (IOException | RuntimeException e) {
      stopComponents(Duration.ZERO);
      finish();
      throw e;
    }
    state = State.RUNNING;
    LOG.info("Sluice agent started agent_id={} admin={} http={} forward={} buffer={} outputs={} drain_timeout={}",
        config.agent().id(), address(config.admin().bind(), adminPort()),
        address(config.inputs().http().bind(), httpPort()), address(config.inputs().forward().bind(), forwardPort()),
        config.buffer().directory(), describe(config.outputs()), Durations.format(config.agent().drainTimeout()));
  }

  /** The port the admin endpoint listens on, empty when it is disabled or the agent is not running. */
  public OptionalInt adminPort() {
    AdminServer server = admin;
    return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
  }

  /** The port the HTTP input listens on, empty when it is disabled or the agent is not running. */
  public OptionalInt httpPort() {
    HttpInput input = http;
    return input == null ? OptionalInt.empty() : OptionalInt.of(input.port());
  }

  /** The port the forward input listens on (TCP, and UDP for heartbeats), empty when it is disabled or stopped. */
  public OptionalInt forwardPort() {
    ForwardInput input = forward;
    return input == null ? OptionalInt.empty() : OptionalInt.of(input.port());
  }

  /** The agent's metrics registry, as {@code /metrics} shows it. */
  public PrometheusRegistry metrics() {
    return metrics;
  }

  /** What each output is doing now, in config order; empty while the agent is not running. */
  public List<OutputStatus> outputStatus() {
    OutputDestinations destinations = outputs;
    return destinations == null ? List.of() : destinations.status();
  }

  /** Blocks until the agent has stopped, whoever closed it. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: readiness fails first; inputs stop accepting and finish the requests they hold; outputs seal
   * and ship their open files; the buffer closes last. Bounded by the drain timeout. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (state == State.STOPPED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    // Readiness drops before anything stops, so a load balancer stops routing here while we drain.
    state = State.STOPPED;
    Duration drainTimeout = config.agent().drainTimeout();
    if (wasRunning) {
      LOG.info("Sluice agent stopping agent_id={} drain_timeout={}", config.agent().id(),
          Durations.format(drainTimeout));
    }
    long startedNanos = System.nanoTime();
    stopComponents(drainTimeout);
    finish();
    if (wasRunning) {
      LOG.info("Sluice agent stopped agent_id={} took_ms={}", config.agent().id(),
          Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
    }
  }

  private void stopComponents(Duration drainTimeout) {
    ForwardInput forwardInput = forward;
    if (forwardInput != null) {
      forwardInput.close(drainTimeout);
      forward = null;
    }
    HttpInput input = http;
    if (input != null) {
      input.close(drainTimeout);
      http = null;
    }
    OutputDestinations destinations = outputs;
    if (destinations != null) {
      destinations.close();
      outputs = null;
    }
    EmbeddedLoader embedded = loader;
    if (embedded != null) {
      embedded.close(drainTimeout);
      loader = null;
    }
    ChronicleRecordBuffer queue = buffer;
    if (queue != null) {
      queue.close();
      buffer = null;
    }
    AdminServer server = admin;
    if (server != null) {
      server.close(drainTimeout);
      admin = null;
    }
  }

  private AdminServer startAdmin(AdminConfig adminConfig) throws IOException {
    if (!adminConfig.enabled()) {
      return null;
    }
    Readiness readiness = new Readiness(readinessChecks());
    readiness.register(metrics);
    StatusReport status = new StatusReport(new StatusReport.Sources("agent", config.agent().id(), Instant.now(),
        readiness::failures, this::bufferState, this::outputStatus, this::loaderStatus, Clock.systemUTC()));
    AdminEndpoints endpoints = new AdminEndpoints(readiness, new MetricsScrape(metrics), status::json);
    return AdminServer.start(new InetSocketAddress(adminConfig.bind(), adminConfig.port()), endpoints, metrics);
  }

  private StatusReport.BufferState bufferState() {
    ChronicleRecordBuffer queue = buffer;
    return new StatusReport.BufferState(config.buffer().directory().toString(),
        queue == null ? 0 : queue.unshippedBytes(), config.buffer().maxBytes().bytes(),
        queue == null ? "closed" : queue.refusal().map(RefusalReason::label).orElse(null));
  }

  private LoaderStatus loaderStatus() {
    EmbeddedLoader embedded = loader;
    return embedded == null ? null : embedded.status();
  }

  private List<ReadinessCheck> readinessChecks() {
    List<ReadinessCheck> checks = new ArrayList<>(List.of(
        ReadinessCheck.of("agent", () -> state == State.RUNNING),
        ReadinessCheck.explained("buffer", () -> {
          ChronicleRecordBuffer queue = buffer;
          return queue == null ? Optional.of("closed")
              : queue.refusal().map(reason -> "refusing appends: " + reason.label());
        })));
    for (String output : outputNames()) {
      // Stuck or failing outputs are named with their reason; the "agent" check covers a stopped agent.
      checks.add(ReadinessCheck.explained("output:" + output, () -> {
        OutputDestinations destinations = outputs;
        return destinations == null ? Optional.empty() : destinations.readinessProblem(output);
      }));
    }
    return List.copyOf(checks);
  }

  private Set<String> s3OutputNames() {
    return config.outputs().stream().filter(output -> output.type() == OutputType.S3).map(OutputConfig::name)
        .collect(Collectors.toSet());
  }

  private static UploadHook chain(UploadHook first, UploadHook second) {
    return first == UploadHook.NONE ? second : file -> {
      first.uploaded(file);
      second.uploaded(file);
    };
  }

  private List<String> outputNames() {
    return config.outputs().stream().map(OutputConfig::name).toList();
  }

  private void finish() {
    state = State.STOPPED;
    stopped.countDown();
  }

  private static String address(String bind, OptionalInt port) {
    return port.isPresent() ? bind + ":" + port.getAsInt() : "off";
  }

  private static String describe(List<OutputConfig> outputs) {
    return outputs.stream()
        .map(output -> output.name() + ":" + output.type().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(",", "[", "]"));
  }
}
