package io.sluice.loader.load;

import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.tracker.BatchItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes one batch: locks it {@code open → locked} as soon as it is due (so it keeps its size whatever its clusters
 * do), starts the lock's heartbeat, and hands the rest to a {@link BatchLoadJob}.
 */
final class BatchLoader {

  private static final Logger log = LoggerFactory.getLogger(BatchLoader.class);

  private final LoadContext context;

  BatchLoader(LoadContext context) {
    this.context = context;
  }

  /**
   * Locks batch {@code batchId} of {@code load} on the calling thread; empty when another loader locked it first.
   *
   * @param reason why the batch is due, for the log
   */
  Optional<LockedBatch> lock(LoadConfig load, String batchId, String reason) {
    String prefix = load.s3Prefix();
    Optional<BatchItem> locked = context.batches().lock(prefix, batchId);
    if (locked.isEmpty()) {
      log.debug("Batch {} of {} was locked by another loader first", batchId, prefix);
      return Optional.empty();
    }
    BatchItem item = locked.get();
    log.info("Loading batch {} of {}: {} files, {} bytes ({})", batchId, prefix, item.distinctEntries().size(),
        item.size(), reason);
    return Optional.of(new LockedBatch(item, context.heartbeat().start(prefix, batchId),
        context.clock().instant()));
  }

  /**
   * Loads a batch {@link #lock} locked; the future is empty when the load was handed back because the loader
   * stopped before any cluster committed.
   */
  CompletableFuture<Optional<LoadOutcome>> load(LoadConfig load, LockedBatch batch) {
    return new BatchLoadJob(context, load, batch).run()
        .whenComplete((outcome, failure) -> {
          batch.beat().close();
          if (outcome != null) {
            Instant now = context.clock().instant();
            outcome.ifPresent(done -> context.metrics().batchClosed(batch.prefix(), done,
                Duration.between(batch.lockedAt(), now), batch.item().firstWrite(), now));
          }
        });
  }
}
