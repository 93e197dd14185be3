package io.sluice.agent.daemon;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.admin.AdminEndpoints;
import io.sluice.agent.admin.AdminServer;
import io.sluice.agent.admin.MetricsScrape;
import io.sluice.agent.admin.Readiness;
import io.sluice.agent.admin.ReadinessCheck;
import io.sluice.agent.buffer.Backlog;
import io.sluice.agent.buffer.ChronicleRecordBuffer;
import io.sluice.agent.buffer.RefusalReason;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.forward.ForwardInput;
import io.sluice.agent.input.http.HttpInput;
import io.sluice.agent.output.OutputDestinations;
import io.sluice.agent.output.OutputMetrics;
import io.sluice.agent.output.OutputStatus;
import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.status.StatusReport;
import io.sluice.agent.tracker.TrackerUploadHook;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.config.admin.AdminConfig;
import io.sluice.config.agent.AgentConfig;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.load.EmbeddedLoader;
import io.sluice.loader.load.LoaderMetrics;
import io.sluice.loader.load.LoaderStatus;
import io.sluice.loader.tracker.FileRegistrar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

  /** The least time a stopping loader gets for its loads in flight, within the drain timeout. */
  private static final Duration LOADER_STOP_FLOOR = Duration.ofSeconds(10);

  private enum State { NEW, RUNNING, STOPPED }

  /** The configuration started with: what needs a restart (listeners, buffer, identity) keeps these values. */
  private final SluiceConfig config;
  private final AgentParts parts;
  private final PrometheusRegistry metrics;
  private final ReloadMetrics reloads;
  private final CountDownLatch stopped = new CountDownLatch(1);

  // Guarded by this; volatile so the readiness checks and the port accessors read them without the lock.
  private volatile State state = State.NEW;
  private volatile ChronicleRecordBuffer buffer;
  private volatile OutputDestinations outputs;
  private volatile HttpInput http;
  private volatile ForwardInput forward;
  private volatile AdminServer admin;
  private volatile EmbeddedLoader loader;
  // What a reload replaces; guarded by this.
  private SluiceConfig applied;
  private SluiceConfig loaderConfig;
  // Whose outputs run: their settings, and tracker.region, the S3 region of those that name none.
  private SluiceConfig outputsConfig;
  private volatile Duration drainTimeout;
  private UploadHook hook;
  private OutputMetrics outputMetrics;
  private LoaderMetrics loaderMetrics;

  public Agent(SluiceConfig config) {
    this(config, AgentParts.PRODUCTION);
  }

  /** An agent whose replaceable parts (the object stores) are given, for tests that inject faults. */
  Agent(SluiceConfig config, AgentParts parts) {
    this.config = config;
    this.parts = parts;
    this.metrics = AgentMetrics.create(config.agent().id());
    this.reloads = new ReloadMetrics(metrics, Clock.systemUTC());
    this.applied = config;
    this.loaderConfig = config;
    this.outputsConfig = config;
    this.drainTimeout = config.agent().drainTimeout();
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
      hook = parts.uploadHook();
      if (config.tracker().mode() == TrackerMode.EMBEDDED) {
        // Before the outputs: their first upload needs the tables and the config items to register into.
        loaderMetrics = new LoaderMetrics(metrics);
        loader = EmbeddedLoader.start(config, loaderMetrics);
        // Through the loader running at each upload: a reload replaces it.
        hook = chain(hook, new TrackerUploadHook(this::registrar, this::trackerReady, s3OutputNames(), metrics));
      }
      outputMetrics = OutputMetrics.register(metrics);
      outputs = OutputDestinations.create(config, buffer, outputMetrics, hook, parts.stores());
      // Also reports each output's committed position, so the buffer's unshipped bytes below are true.
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
      stopComponents(Duration.ZERO, false);
      finish();
      throw e;
    }
    state = State.RUNNING;
    LOG.info("Sluice agent started agent_id={} admin={} http={} forward={} buffer={} unshipped_bytes={} outputs={}"
            + " drain_timeout={}", config.agent().id(), address(config.admin().bind(), adminPort()),
        address(config.inputs().http().bind(), httpPort()), address(config.inputs().forward().bind(), forwardPort()),
        config.buffer().directory(), buffer.unshippedBytes(), describe(config.outputs()),
        Durations.format(config.agent().drainTimeout()));
  }

  /**
   * Applies a reloaded configuration without dropping a connection or a record: outputs whose settings changed are
   * sealed, shipped and built again on the same buffer (which keeps everything they have not shipped), the embedded
   * loader is started again with its new settings, and the drain timeout changes. Keys only a restart can change
   * (listeners, buffer, admin, agent id, tracker mode, which outputs exist and their types) are logged and keep
   * their running values; the rest still applies.
   *
   * <p>New stores and the new loader are built before anything running is touched: when one cannot be built, the
   * reload is rejected and the old configuration keeps running as it was.
   *
   * @throws IllegalStateException when the agent is not running
   */
  public synchronized ReloadOutcome reload(SluiceConfig next) {
    if (state != State.RUNNING) {
      throw new IllegalStateException("only a running agent reloads; this one is " + state);
    }
    List<String> needRestart = ConfigChanges.between(config, next).needRestart();
    ConfigChanges sincePrevious = ConfigChanges.between(applied, next);
    List<String> changed = new ArrayList<>(sincePrevious.applied());
    changed.addAll(sincePrevious.needRestart());
    if (!needRestart.isEmpty()) {
      LOG.warn("config change needs a restart keys={}; they keep their running values", needRestart);
    }
    // Outputs left stopped by an earlier reload whose threads would not end stay so: see replaceOutputs.
    boolean outputsReloadable = outputs != null && needRestart.stream().noneMatch(key -> key.startsWith("outputs"));
    boolean rebuildOutputs = outputsReloadable && (!next.outputs().equals(outputsConfig.outputs())
        || !next.agent().drainTimeout().equals(drainTimeout) || trackerRegionMovesAStore(next));
    boolean restartLoader = loader != null && next.tracker().mode() == config.tracker().mode()
        && (!next.loader().equals(loaderConfig.loader()) || !next.tracker().equals(loaderConfig.tracker()));
    Map<String, ObjectStore> stores = new HashMap<>();
    EmbeddedLoader nextLoader = null;
    try {
      if (rebuildOutputs) {
        for (OutputConfig output : next.outputs()) {
          stores.put(output.name(), parts.stores().create(output, next.tracker().region()));
        }
      }
      if (restartLoader) {
        nextLoader = EmbeddedLoader.start(next, loaderMetrics);
      }
    } catch (RuntimeException e) {
      stores.values().forEach(ObjectStore::close);
      reloads.rejected();
      LOG.error("config reload rejected, the running configuration is kept reason=\"{}\"", e.toString(), e);
      return new ReloadOutcome(false, changed, needRestart);
    }
    Duration previousDrain = drainTimeout;
    drainTimeout = outputsReloadable ? next.agent().drainTimeout() : drainTimeout;
    if (nextLoader != null) {
      // The new one first, so uploads always find a loader to register with.
      EmbeddedLoader previous = loader;
      loader = nextLoader;
      loaderConfig = next;
      previous.close(previousDrain);
    }
    if (rebuildOutputs) {
      replaceOutputs(next, output -> stores.get(output.name()));
    }
    applied = next;
    reloads.applied();
    LOG.info("config reloaded changed={} sections={} outputs_rebuilt={} loader_restarted={} needs_restart={}",
        changed, sincePrevious.appliedSections(), rebuildOutputs, nextLoader != null, needRestart);
    return new ReloadOutcome(true, changed, needRestart);
  }

  /** Whether {@code next} changes {@code tracker.region}, the region of the S3 outputs that name none of their own. */
  private boolean trackerRegionMovesAStore(SluiceConfig next) {
    return !Objects.equals(next.tracker().region(), outputsConfig.tracker().region())
        && next.outputs().stream().anyMatch(output -> output.type() == OutputType.S3 && output.region() == null);
  }

  /** Counts a reload refused before it reached the agent: a file that does not read or validate. */
  public void reloadRejected() {
    reloads.rejected();
  }

  /**
   * Seals and ships the running outputs' open files, then starts {@code next} on the same buffer, reading on from
   * each output's journal. Entries any of them had read keep the routes they were read with, for every output; changed
   * routes decide the entries after those. Should building them fail, the previous outputs start again.
   */
  private void replaceOutputs(SluiceConfig next, StoreFactory stores) {
    OutputDestinations previous = outputs;
    previous.close();
    if (!previous.stopped()) {
      // Two threads must never share a journal: leave the output stopped rather than start a second one.
      LOG.error("an output thread did not stop during the reload; outputs stay stopped until a restart");
      outputs = null;
      return;
    }
    AgentConfig agent = new AgentConfig(config.agent().id(), drainTimeout);
    try {
      outputs = OutputDestinations.create(next.outputs(), previous.routingThen(next.outputs()), agent,
          next.tracker().region(), config.buffer().directory(), buffer, outputMetrics, hook, stores);
      outputsConfig = next;
    } catch (RuntimeException e) {
      LOG.error("reloaded outputs could not be built; the previous ones start again", e);
      outputs = OutputDestinations.create(outputsConfig.outputs(), previous.routing(), agent,
          outputsConfig.tracker().region(), config.buffer().directory(), buffer, outputMetrics, hook,
          parts.stores());
    }
    outputs.start();
  }

  private FileRegistrar registrar() {
    EmbeddedLoader running = loader;
    return running == null ? null : running.registrar();
  }

  private boolean trackerReady() {
    EmbeddedLoader running = loader;
    return running != null && running.ready();
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
   * Stops gracefully: readiness fails first; inputs stop accepting and finish the requests they hold; outputs read
   * on to the buffer's end, then seal and ship; the buffer closes last. Bounded by the drain timeout: what an output
   * could not ship by then is logged with its size and ships after the next start. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (state == State.STOPPED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    // Readiness drops before anything stops, so a load balancer stops routing here while we drain.
    state = State.STOPPED;
    if (wasRunning) {
      LOG.info("Sluice agent stopping agent_id={} drain_timeout={}", config.agent().id(),
          Durations.format(drainTimeout));
    }
    long startedNanos = System.nanoTime();
    stopComponents(drainTimeout, true);
    finish();
    if (wasRunning) {
      LOG.info("Sluice agent stopped agent_id={} took_ms={}", config.agent().id(),
          Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
    }
  }

  private void stopComponents(Duration drainTimeout, boolean drainBuffer) {
    // One budget for the whole stop, so that systemd's TimeoutStopSec need only exceed the drain timeout: the inputs
    // finish what they hold, the outputs drain, and the loader stops, each within what the others left.
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    ForwardInput forwardInput = forward;
    if (forwardInput != null) {
      forwardInput.close(remaining(deadline));
      forward = null;
    }
    HttpInput input = http;
    if (input != null) {
      input.close(remaining(deadline));
      http = null;
    }
    OutputDestinations destinations = outputs;
    if (destinations != null) {
      if (drainBuffer) {
        destinations.drainAndClose(remaining(deadline));
      } else {
        destinations.close();
      }
      outputs = null;
    }
    logUnshipped();
    EmbeddedLoader embedded = loader;
    if (embedded != null) {
      // A load cut short leaves its batch locked until a stale-lock check: give a COPY under way a little time even
      // when the outputs used up the budget (the unit's TimeoutStopSec leaves room for it).
      Duration floor = drainTimeout.compareTo(LOADER_STOP_FLOOR) < 0 ? drainTimeout : LOADER_STOP_FLOOR;
      Duration left = remaining(deadline);
      embedded.close(left.compareTo(floor) < 0 ? floor : left);
      loader = null;
    }
    ChronicleRecordBuffer queue = buffer;
    if (queue != null) {
      queue.close();
      buffer = null;
    }
    AdminServer server = admin;
    if (server != null) {
      server.close(remaining(deadline));
      admin = null;
    }
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Names each output that leaves records in the buffer, which its next start ships. */
  private void logUnshipped() {
    ChronicleRecordBuffer queue = buffer;
    if (queue == null) {
      return;
    }
    for (String output : outputNames()) {
      Backlog left = queue.backlog(output);
      if (left.bytes() > 0) {
        LOG.warn("output stopped before shipping everything destination={} unshipped_bytes={} unshipped_records={};"
            + " it ships after the next start", output, left.bytes(), left.records());
      }
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
