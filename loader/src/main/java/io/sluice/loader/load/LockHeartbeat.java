package io.sluice.loader.load;

import io.sluice.loader.tracker.BatchTable;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    try {
      ScheduledFuture<?> beats = timer.scheduleWithFixedDelay(() -> beat(s3Prefix, batchId), millis, millis,
          TimeUnit.MILLISECONDS);
      return () -> beats.cancel(false);
    } catch (RejectedExecutionException stopping) {
      // The loader is draining: the load finishes (or hands its batch back) well within a heartbeat.
      return () -> { };
    }
  }

  private void beat(String s3Prefix, String batchId) {
    try {
      if (!batches.refreshLock(s3Prefix, batchId)) {
        log.debug("Batch {} of {} is no longer locked; its heartbeat stops mattering", batchId, s3Prefix);
      }
    } catch (SdkException e) {
      log.debug("Heartbeat of batch {} of {} failed: {}", batchId, s3Prefix, e.toString());
    }
  }

  /** A running heartbeat. */
  interface Beat extends AutoCloseable {
    @Override
    void close();
  }
}
