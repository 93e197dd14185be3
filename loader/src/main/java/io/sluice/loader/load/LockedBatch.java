package io.sluice.loader.load;

import io.sluice.loader.tracker.BatchItem;
import java.time.Instant;

/**
 * A batch this loader locked, with the heartbeat that keeps its lock fresh until the load ends.
 *
 * @param item the batch as the lock returned it: its entries are the ones to load
 * @param beat the lock's heartbeat
 * @param lockedAt when this loader locked it
 */
record LockedBatch(BatchItem item, LockHeartbeat.Beat beat, Instant lockedAt) {

  String prefix() {
    return item.s3Prefix();
  }

  String batchId() {
    return item.batchId();
  }

  /** False once the heartbeat found the batch no longer locked (an operator unlocked or reprocessed it). */
  boolean held() {
    return beat.held();
  }
}
