package io.sluice.loader.load;

import io.sluice.loader.copy.ClusterLoader;
import io.sluice.loader.copy.ClusterResult;
import io.sluice.loader.copy.LoadError;
import io.sluice.loader.load.ClusterAttempt.Step;
import io.sluice.loader.load.LoaderStatus.ClusterStatus;
import io.sluice.loader.retry.Backoff;
import io.sluice.loader.retry.FailureLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster endpoint's loads: a bulkhead of its own few threads ({@code loader.cluster_concurrency}), so a cluster
 * that hangs holds no other cluster's, and its own outage schedule. Once a load finds the cluster unreachable,
 * its loads wait in a queue holding no thread, and one probe at a time (the first waiting load) tries again after a
 * doubling back-off; the first answer releases them all. Each load gives up at its own deadline.
 */
final class ClusterGate {

  private static final Logger log = LoggerFactory.getLogger(ClusterGate.class);

  private final String endpoint;
  private final ThreadPoolExecutor pool;
  private final LoaderThreads threads;
  private final Clock clock;
  private final Backoff backoff;
  private final LoaderMetrics metrics;
  /** Every load into this cluster logs its passing failures here, so an outage is logged at a bounded rate. */
  private final FailureLog failures = new FailureLog(LoggerFactory.getLogger(ClusterLoader.class));
  private final Deque<ClusterAttempt> waiting = new ArrayDeque<>();
  private final Set<ClusterAttempt> pending = new HashSet<>();
  private final Set<ClusterAttempt> running = new HashSet<>();
  private Instant outageSince;
  private String outageReason;
  /** Probes since the current outage began; guarded by this. */
  private int probes;
  private Instant nextProbe;
  private boolean stopped;

  ClusterGate(String endpoint, int concurrency, LoaderThreads threads, Clock clock, Duration maxDelay,
      LoaderMetrics metrics) {
    this.endpoint = endpoint;
    this.threads = threads;
    this.clock = clock;
    this.backoff = OutageRetry.backoff(maxDelay);
    this.metrics = metrics;
    this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        LoaderThreads.named("sluice-loader-copy-" + endpoint + "-"));
    pool.allowCoreThreadTimeOut(true);
    publish();
  }

  /** Where loads into this cluster log their passing failures. */
  FailureLog failures() {
    return failures;
  }

  /** Queues {@code attempt} for this cluster; the future is its outcome. */
  CompletableFuture<ClusterResult> submit(ClusterAttempt attempt) {
    boolean runNow;
    synchronized (this) {
      if (stopped) {
        attempt.stop();
        return attempt.result();
      }
      pending.add(attempt);
      runNow = outageSince == null;
      if (!runNow) {
        waiting.addLast(attempt);
      }
    }
    attempt.result().whenComplete((result, failure) -> finished(attempt));
    publish();
    if (runNow) {
      execute(attempt, false);
    }
    return attempt.result();
  }

  private void execute(ClusterAttempt attempt, boolean probe) {
    try {
      pool.execute(() -> run(attempt, probe));
    } catch (RejectedExecutionException stopping) {
      attempt.stop();
    }
  }

  private void run(ClusterAttempt attempt, boolean probe) {
    synchronized (this) {
      if (stopped) {
        attempt.stop();
        return;
      }
      if (!probe && outageSince != null) {
        // Queued before the outage began: wait with the others instead of trying a cluster known to be out.
        waiting.addLast(attempt);
        return;
      }
      running.add(attempt);
    }
    Step step;
    try {
      step = attempt.run();
    } catch (RuntimeException e) {
      log.error("Load into {} failed unexpectedly", endpoint, e);
      step = new Step.Done(ClusterResult.failure(endpoint, new LoadError(LoadError.Kind.PERMANENT, null,
          e.toString(), null)));
    }
    // Each branch leaves "running" only once the outcome is safe from stop(): a commit must never be cancelled.
    if (step instanceof Step.Done done) {
      reachable();
      attempt.complete(done.result());
      notRunning(attempt);
    } else if (step instanceof Step.RetryLater later) {
      reachable();
      notRunning(attempt);
      if (!threads.after(later.delay(), () -> execute(attempt, false))) {
        attempt.stop();
      }
    } else if (step instanceof Step.Unreachable unreachable) {
      unreachable(attempt, unreachable.reason());
    }
  }

  private synchronized void notRunning(ClusterAttempt attempt) {
    running.remove(attempt);
  }

  private void unreachable(ClusterAttempt attempt, String reason) {
    metrics.clusterRetry(endpoint);
    synchronized (this) {
      running.remove(attempt);
      if (stopped) {
        attempt.stop();
        return;
      }
      if (outageSince == null) {
        outageSince = clock.instant();
        probes = 0;
        log.warn("Cluster {} is unreachable; its loads wait (holding no thread) and one probes it at a time: {}",
            endpoint, reason);
      }
      outageReason = reason;
      waiting.addFirst(attempt);
      if (nextProbe == null) {
        scheduleProbe();
      }
    }
    publish();
  }

  /** Called with the lock held. */
  private void scheduleProbe() {
    Instant now = clock.instant();
    Duration wait = backoff.delay(++probes);
    for (ClusterAttempt attempt : waiting) {
      // Never sleep past a waiting load's deadline: it gives up on time.
      Duration left = Duration.between(now, attempt.deadline());
      wait = left.compareTo(wait) < 0 ? (left.isNegative() ? Duration.ZERO : left) : wait;
    }
    nextProbe = now.plus(wait);
    if (!threads.after(wait, this::probe)) {
      nextProbe = null;
    }
  }

  private void probe() {
    List<ClusterAttempt> expired = new ArrayList<>();
    ClusterAttempt probe = null;
    String reason;
    synchronized (this) {
      nextProbe = null;
      reason = outageReason;
      if (stopped) {
        return;
      }
      Instant now = clock.instant();
      for (Iterator<ClusterAttempt> it = waiting.iterator(); it.hasNext(); ) {
        ClusterAttempt attempt = it.next();
        if (attempt.expired(now)) {
          it.remove();
          expired.add(attempt);
        }
      }
      if (outageSince != null) {
        probe = waiting.pollFirst();
        if (probe == null) {
          // Nothing waits any more: the next load finds out whether the cluster is back.
          endOutage();
        }
      }
    }
    expired.forEach(attempt -> attempt.giveUp(reason));
    if (probe != null) {
      log.debug("Probing cluster {} with a waiting load", endpoint);
      execute(probe, true);
    }
    publish();
  }

  /** The cluster answered: an outage is over and every waiting load runs. */
  private void reachable() {
    List<ClusterAttempt> released;
    synchronized (this) {
      if (outageSince == null) {
        return;
      }
      log.info("Cluster {} answers again after an outage of {} s; {} waiting loads resume", endpoint,
          Duration.between(outageSince, clock.instant()).toSeconds(), waiting.size());
      endOutage();
      released = new ArrayList<>(waiting);
      waiting.clear();
    }
    released.forEach(attempt -> execute(attempt, false));
    publish();
  }

  /** Called with the lock held. */
  private void endOutage() {
    outageSince = null;
    outageReason = null;
  }

  private void finished(ClusterAttempt attempt) {
    synchronized (this) {
      pending.remove(attempt);
      waiting.remove(attempt);
    }
    publish();
  }

  private void publish() {
    ClusterStatus status = status();
    metrics.cluster(endpoint, status.outageSince(), status.waitingLoads());
  }

  /** This cluster's state for {@code /status}. */
  synchronized ClusterStatus status() {
    return new ClusterStatus(endpoint, outageSince == null, outageSince, outageReason, pending.size(),
        outageSince == null ? null : nextProbe);
  }

  /**
   * Stops: loads not running end at once (cancelled, or with their unknown outcome); running ones are interrupted
   * and end by themselves, so one that commits meanwhile is recorded as committed.
   */
  void stop() {
    List<ClusterAttempt> left = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      waiting.clear();
      pending.stream().filter(attempt -> !running.contains(attempt)).forEach(left::add);
    }
    left.forEach(ClusterAttempt::stop);
    pool.shutdownNow();
  }

  /** Waits up to {@code timeout} for its threads to end. */
  void awaitTermination(Duration timeout) throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("Loads into {} still running after {}; leaving them to end with the process", endpoint, timeout);
    }
  }
}
