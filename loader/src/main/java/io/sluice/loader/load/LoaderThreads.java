package io.sluice.loader.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loader's shared threads besides the per-cluster ones ({@link ClusterGate}): a timer that only schedules (lock
 * heartbeats, the next attempt after a back-off) and a small pool for the DynamoDB and S3 steps of batch loads
 * (lock, rotate, manifest, status, close), which never waits for a cluster. Also the stopping flag loads check.
 */
final class LoaderThreads {

  /** DynamoDB and S3 steps are short calls; two threads keep one slow call from holding up the others. */
  private static final int BATCH_STEP_THREADS = 2;

  private final ScheduledExecutorService timer;
  private final ExecutorService batchSteps;
  private final AtomicBoolean stopping = new AtomicBoolean();

  LoaderThreads() {
    this.timer = Executors.newSingleThreadScheduledExecutor(named("sluice-loader-timer-"));
    this.batchSteps = Executors.newFixedThreadPool(BATCH_STEP_THREADS, named("sluice-loader-batch-"));
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** Runs {@code step} on the batch-step pool; false when the loader has shut the pool down. */
  boolean execute(Runnable step) {
    try {
      batchSteps.execute(step);
      return true;
    } catch (RejectedExecutionException shutDown) {
      return false;
    }
  }

  /**
   * Runs {@code handOff} on the timer after {@code delay}; false when the loader has shut down. It must only hand
   * work on (to the batch-step pool or a cluster's threads), never call DynamoDB, S3 or a cluster itself.
   */
  boolean after(Duration delay, Runnable handOff) {
    try {
      timer.schedule(handOff, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException shutDown) {
      return false;
    }
  }

  /** Loads still waiting give up: those that committed nothing hand their batch back. */
  void stop() {
    stopping.set(true);
  }

  boolean stopping() {
    return stopping.get();
  }

  /** Shuts both down, waiting up to {@code timeout} for steps still running. */
  void shutdown(Duration timeout) throws InterruptedException {
    batchSteps.shutdown();
    if (!batchSteps.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      batchSteps.shutdownNow();
    }
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }
}
