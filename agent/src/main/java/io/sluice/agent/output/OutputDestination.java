package io.sluice.agent.output;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.buffer.Backlog;
import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.agent.output.OutputMetrics.DestinationMetrics;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.agent.output.journal.DestinationJournal;
import io.sluice.agent.output.quarantine.QuarantineLocation;
import io.sluice.agent.output.quarantine.QuarantineWriter;
import io.sluice.agent.output.retry.FailureReason;
import io.sluice.agent.output.retry.RetryListener;
import io.sluice.agent.output.retry.RetryLoop;
import io.sluice.agent.output.retry.StopSignal;
import io.sluice.agent.output.slice.TimeSlicer;
import io.sluice.agent.output.spool.RotationPolicy;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.agent.AgentConfig;
import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputReadinessConfig;
import io.sluice.config.output.OutputRoutes;
import io.sluice.loader.retry.Backoff;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured output, running on its own thread ({@code sluice-output-<name>}): it reads the buffer through its
 * own position, writes the entries routed to it as JSON-lines files and ships them to S3 or a local directory.
 * {@link #close()} seals and ships what is open within the agent's drain timeout.
 */
public final class OutputDestination implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutputDestination.class);
  /** Beyond the drain timeout, how long close waits for a thread stuck in a blocking call before interrupting it. */
  private static final Duration JOIN_GRACE = Duration.ofSeconds(5);

  private final String name;
  private final ObjectStore store;
  private final RecordBuffer buffer;
  private final Clock clock;
  private final OutputReadinessConfig readiness;
  private final DestinationHealth health;
  private final DestinationMetrics metrics;
  private final StopSignal stop;
  private final Duration drainTimeout;
  private final Path workDirectory;
  private final AtomicLong readThrough = new AtomicLong(BufferReader.NO_INDEX);
  private final Thread thread;
  // Written under this object's lock; volatile because OutputDestinations waits without it.
  private volatile boolean started;
  private boolean closed;

  private OutputDestination(Builder builder, ObjectStore store, OutputMetrics outputMetrics) {
    this.name = builder.output.name();
    this.store = store;
    this.buffer = builder.buffer;
    this.clock = builder.clock;
    this.readiness = builder.output.readiness();
    this.stop = new StopSignal();
    this.drainTimeout = builder.agent.drainTimeout();
    this.health = new DestinationHealth(builder.clock);
    this.workDirectory = builder.bufferDirectory.resolve("outputs").resolve(name);
    this.metrics = outputMetrics.forDestination(name, () -> buffer.backlog(name), health);
    JsonLineFormatter formatter = new JsonLineFormatter(builder.output.format());
    // One slicer for the worker and its recoveries, which run on the same thread.
    TimeSlicer slicer = new TimeSlicer(KeyTemplate.parse(builder.output.keyTemplate()), builder.output.slice());
    RetryLoop uploadRetries = new RetryLoop(name, builder.backoff, stop, listener(reason -> reason), true);
    RetryLoop hookRetries = new RetryLoop(name, builder.backoff, stop,
        listener(reason -> new FailureReason("hook", reason.detail(), FailureReason.Scope.DESTINATION)),
        false);
    RetryLoop quarantineRetries = new RetryLoop(name, builder.backoff, stop, listener(reason -> reason), false);
    QuarantineWriter quarantine = new QuarantineWriter(store, quarantineRetries,
        new QuarantineLocation(builder.output.prefix(), builder.agent.id(), name), builder.agent.id(), name,
        workDirectory);
    DestinationWorker worker = new DestinationWorker(new DestinationWorker.Components(
        name,
        (builder.routing != null ? builder.routing
            : RoutingHistory.of(OutputRoutes.of(List.of(builder.output)))).routeOf(name),
        readThrough,
        builder.buffer,
        workDirectory.resolve("spool"),
        new DestinationLedger(name, new DestinationJournal(workDirectory), builder.buffer,
            new ObjectKeys(builder.output, builder.agent.id()), health),
        formatter,
        new RotationPolicy(builder.output.roll(), builder.clock),
        new FileShipper(name, store, builder.hook, uploadRetries, hookRetries, metrics, health),
        new PendingRecovery(name, formatter, workDirectory.resolve("spool"), slicer),
        stop,
        builder.backoff,
        metrics,
        new SealedFileQuarantine(name, quarantine, metrics, health),
        health,
        builder.clock,
        slicer,
        builder.output.slice().maxOpen(),
        builder.output.format().compression()));
    this.thread = new Thread(worker, "sluice-output-" + name);
    thread.setUncaughtExceptionHandler((failed, error) ->
        LOG.error("output thread died destination={}; nothing more is shipped until a restart", name, error));
  }

  /** Counts each retried failure by its label and makes it the destination's current failure until a success. */
  private RetryListener listener(UnaryOperator<FailureReason> asReported) {
    return new RetryListener() {
      @Override
      public void failed(FailureReason reason) {
        FailureReason reported = asReported.apply(reason);
        metrics.retried(reported.label());
        health.failing(reported);
      }

      @Override
      public void succeeded() {
        health.recovered();
      }
    };
  }

  /** What the destination is doing now: backlog, files, last upload, current failure. */
  public OutputStatus status() {
    Backlog backlog = buffer.backlog(name);
    DestinationHealth.Snapshot now = health.snapshot();
    FailureReason failure = now.failure();
    return new OutputStatus(name, store.describe(), backlog.bytes(), backlog.records(), backlog.oldestAppended(),
        now.filesOpen(), now.filesUploading(), now.filesWaiting(), now.filesQuarantined(), now.lastUpload(),
        now.lastProgress(), failure == null ? null : failure.label() + ": " + failure.detail(), now.failingSince());
  }

  /**
   * Why {@code /readyz} should fail for this destination, or empty: a failure of the whole destination that has
   * lasted past {@code readiness.failure_grace}, or a backlog with no progress for {@code readiness.stall_after}.
   */
  public Optional<String> readinessProblem() {
    Instant now = clock.instant();
    DestinationHealth.Snapshot current = health.snapshot();
    if (current.failure() != null && current.failingSince() != null
        && !now.isBefore(current.failingSince().plus(readiness.failureGrace()))) {
      return Optional.of("failing since " + current.failingSince() + ": " + current.failure().label() + ": "
          + current.failure().detail());
    }
    Backlog backlog = buffer.backlog(name);
    if (backlog.bytes() > 0 || backlog.records() > 0) {
      // Progress is only owed since the oldest waiting record arrived: a quiet hour is not a stall.
      Instant since = current.lastProgress();
      if (backlog.oldestAppended() != null && backlog.oldestAppended().isAfter(since)) {
        since = backlog.oldestAppended();
      }
      if (!now.isBefore(since.plus(readiness.stallAfter()))) {
        return Optional.of("no progress since " + since + " with " + backlog.records() + " records waiting");
      }
    }
    return Optional.empty();
  }

  /** Starts building the destination for {@code output} of the agent {@code agent}. */
  public static Builder builder(OutputConfig output, AgentConfig agent) {
    return new Builder(output, agent);
  }

  /** The output's name. */
  public String name() {
    return name;
  }

  /**
   * The highest buffer index its thread has read, {@link BufferReader#NO_INDEX} before it reads: once the thread
   * has stopped, the entries up to here were routed by the routes it ran with.
   */
  long readThrough() {
    return readThrough.get();
  }

  /**
   * The buffer index its journal has committed through: neither this output nor a rebuild of its pending files reads
   * an entry at or before it again. {@link BufferReader#NO_INDEX} when the journal cannot be read.
   */
  long committedThrough() {
    try {
      return new DestinationJournal(workDirectory).load().resumeAfter();
    } catch (IOException | RuntimeException e) {
      return BufferReader.NO_INDEX;
    }
  }

  /**
   * Reports the position its journal committed to the buffer now, as its thread does first thing: the buffer then
   * counts as unshipped only what this output has not shipped, from before the start-up line is written. A journal
   * that cannot be read is left to the thread, which reports and retries it.
   */
  public void reportCommittedPosition() {
    try {
      buffer.markShipped(name, new DestinationJournal(workDirectory).load().resumeAfter());
    } catch (IOException | RuntimeException e) {
      LOG.debug("journal not read before the start destination={} error=\"{}\"", name, e.toString());
    }
  }

  /**
   * Starts the destination's thread, which first re-uploads any file a previous run sealed but did not see
   * confirmed.
   *
   * @throws IllegalStateException when already started or closed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("output " + name + " starts once");
    }
    started = true;
    thread.start();
  }

  /**
   * Seals the open files and ships them within the agent's drain timeout, then stops; files not confirmed by then
   * stay in the journal and are shipped after the next start. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    requestStop(false, drainTimeout);
    awaitStopped(System.nanoTime() + drainTimeout.toNanos() + JOIN_GRACE.toNanos());
    metrics.remove();
    store.close();
  }

  /**
   * Asks the thread to seal, ship and stop within {@code within}, without waiting; with {@code drainBuffer}, to read
   * on to the buffer's end first, as when the agent stops after its inputs.
   */
  void requestStop(boolean drainBuffer, Duration within) {
    if (drainBuffer) {
      stop.requestDrain(within);
    } else {
      stop.request(within);
    }
  }

  /** Whether the thread has ended (or never started): another destination of the same name may then run. */
  boolean stopped() {
    return !thread.isAlive();
  }

  /** Waits for the thread until {@code deadlineNanos}, then interrupts it out of any blocking call. */
  void awaitStopped(long deadlineNanos) {
    if (!started) {
      return;
    }
    try {
      thread.join(Math.max(1, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis()));
      if (thread.isAlive()) {
        LOG.warn("output did not stop within its drain timeout destination={}; interrupting it", name);
        thread.interrupt();
        thread.join(JOIN_GRACE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects what a destination is built from; the output, agent, buffer directory and buffer are required. */
  public static final class Builder {

    private final OutputConfig output;
    private final AgentConfig agent;
    private Path bufferDirectory;
    private RecordBuffer buffer;
    private ObjectStore store;
    private OutputMetrics metrics;
    private UploadHook hook = UploadHook.NONE;
    private RoutingHistory routing;
    private Clock clock = Clock.systemUTC();
    private Backoff backoff = Backoff.standard(new SplittableRandom());

    private Builder(OutputConfig output, AgentConfig agent) {
      this.output = Objects.requireNonNull(output, "output");
      this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** The buffer's directory; the destination keeps its journal and spool under {@code outputs/<name>} there. */
    public Builder bufferDirectory(Path directory) {
      this.bufferDirectory = directory;
      return this;
    }

    /** The queue the destination reads. */
    public Builder buffer(RecordBuffer recordBuffer) {
      this.buffer = recordBuffer;
      return this;
    }

    /** Where files go; by default the S3 bucket or local directory the config names. */
    public Builder store(ObjectStore objectStore) {
      this.store = objectStore;
      return this;
    }

    /** The shared output metrics; by default a private registry nobody scrapes. */
    public Builder metrics(OutputMetrics outputMetrics) {
      this.metrics = outputMetrics;
      return this;
    }

    /** The routes of all outputs, which decide what this one takes; by default it takes every tag it matches. */
    public Builder routing(RoutingHistory routes) {
      this.routing = Objects.requireNonNull(routes, "routing");
      return this;
    }

    /** Called for every confirmed file before the commit, such as the batch tracker's registration. */
    public Builder uploadHook(UploadHook uploadHook) {
      this.hook = Objects.requireNonNull(uploadHook, "uploadHook");
      return this;
    }

    /** The clock {@code roll.age} is measured with. */
    public Builder clock(Clock rotationClock) {
      this.clock = Objects.requireNonNull(rotationClock, "clock");
      return this;
    }

    /** The waits between retries of uploads, hook calls and rewinds. */
    public Builder backoff(Backoff retryBackoff) {
      this.backoff = Objects.requireNonNull(retryBackoff, "backoff");
      return this;
    }

    /** Builds the destination; it does nothing until {@link OutputDestination#start()}. */
    public OutputDestination build() {
      Objects.requireNonNull(bufferDirectory, "bufferDirectory");
      Objects.requireNonNull(buffer, "buffer");
      ObjectStore target = store != null ? store : StoreFactory.FROM_CONFIG.create(output);
      try {
        return new OutputDestination(this, target,
            metrics != null ? metrics : OutputMetrics.register(new PrometheusRegistry()));
      } catch (RuntimeException e) {
        // The destination owns its store from here on; one that was never built cannot close it.
        target.close();
        throw e;
      }
    }
  }
}
