package io.sluice.loader.load;

import io.sluice.loader.tracker.BatchTable;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Refreshes a held lock's {@code lastUpdate} while its load runs, so that a long COPY is never mistaken for the
 * stale lock of a dead loader: only a lock nobody refreshes for {@code loader.stale_lock_after} is stale.
 */
final class LockHeartbeat {

  private static final Logger log = LoggerFactory.getLogger(LockHeartbeat.class);

  private final ScheduledExecutorService timer;
  private final BatchTable batches;
  private final Duration interval;

  /** @param staleLockAfter beats come three times within it, so one or two lost beats do not make a lock stale */
  LockHeartbeat(ScheduledExecutorService timer, BatchTable batches, Duration staleLockAfter) {
    this.timer = timer;
    this.batches = batches;
    this.interval = staleLockAfter.dividedBy(3).compareTo(Duration.ofMinutes(1)) > 0
        ? Duration.ofMinutes(1) : staleLockAfter.dividedBy(3);
  }

  /** Beats for the lock on {@code batchId} until the returned handle is closed. */
  Beat start(String s3Prefix, String batchId) {
    long millis = Math.max(1, interval.toMillis());
    AtomicBoolean held = new AtomicBoolean(true);
    try {
      ScheduledFuture<?> beats = timer.scheduleWithFixedDelay(() -> beat(s3Prefix, batchId, held), millis, millis,
          TimeUnit.MILLISECONDS);
      return new Beat(held, () -> beats.cancel(false));
    } catch (RejectedExecutionException stopping) {
      // The loader is draining: the load finishes (or hands its batch back) well within a heartbeat.
      return new Beat(held, () -> { });
    }
  }

  private void beat(String s3Prefix, String batchId, AtomicBoolean held) {
    try {
      if (!batches.refreshLock(s3Prefix, batchId)) {
        held.set(false);
        log.info("Batch {} of {} is no longer locked (unlocked or reprocessed meanwhile); its load gives up",
            batchId, s3Prefix);
      }
    } catch (SdkException e) {
      // A refresh that cannot reach DynamoDB proves nothing either way, so the lock is assumed still held.
      log.debug("Heartbeat of batch {} of {} failed: {}", batchId, s3Prefix, e.toString());
    }
  }

  /** A running heartbeat; closing it stops the beats. */
  static final class Beat implements AutoCloseable {

    private final AtomicBoolean held;
    private final Runnable cancel;

    Beat(AtomicBoolean held, Runnable cancel) {
      this.held = held;
      this.cancel = cancel;
    }

    /** False once a beat found the batch no longer locked. */
    boolean held() {
      return held.get();
    }

    @Override
    public void close() {
      cancel.run();
    }
  }
}
