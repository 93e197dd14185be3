package io.sluice.loader.admin;

import io.sluice.loader.admin.ReconcileReport.Kind;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigItem;
import io.sluice.loader.tracker.ConfigTable;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H5: open batches with files that are not their config's current batch (setup re-run, resetCurrentBatch, a stale
 * rotation), which no flush will ever look at. Each is locked, so no stale adder keeps adding, then reprocessed.
 */
final class OrphanedOpenBatches {

  private static final Logger log = LoggerFactory.getLogger(OrphanedOpenBatches.class);

  private final BatchTable batches;
  private final ConfigTable configs;
  private final FileResubmitter resubmitter;

  OrphanedOpenBatches(BatchTable batches, ConfigTable configs, FileResubmitter resubmitter) {
    this.batches = batches;
    this.configs = configs;
    this.resubmitter = resubmitter;
  }

  void check(ReconcileRun run) {
    for (BatchItem indexed : batches.queryByStatus(BatchStatus.OPEN, null, null)) {
      if (!run.covers(indexed.s3Prefix()) || indexed.entries().isEmpty()) {
        continue;
      }
      Optional<ConfigItem> config = configs.read(indexed.s3Prefix());
      if (config.isEmpty()) {
        log.warn("Open batch {} of {} has no config item; its files cannot be registered again",
            indexed.batchId(), indexed.s3Prefix());
        continue;
      }
      String current = config.get().currentBatch();
      if (indexed.batchId().equals(current)) {
        continue;
      }
      if (run.dryRun()) {
        // The index lags the table: only a batch that is really still open is reported.
        batches.get(indexed.s3Prefix(), indexed.batchId()).filter(b -> b.status() == BatchStatus.OPEN)
            .ifPresent(open -> open.distinctEntries().forEach(entry -> run.report(Kind.ORPHANED_OPEN_BATCH,
                open.s3Prefix(), open.batchId(), entry.file(),
                "would lock the batch and re-register into the current batch " + current)));
      } else {
        batches.lock(indexed.s3Prefix(), indexed.batchId()).ifPresent(locked -> reprocess(run, locked));
      }
    }
  }

  /** Re-registers the files of the image the lock returned: it holds every file added up to the lock. */
  private void reprocess(ReconcileRun run, BatchItem locked) {
    if (!batches.markReprocessing(locked.s3Prefix(), locked.batchId(), Set.of(BatchStatus.LOCKED))) {
      log.info("Orphaned batch {} of {} changed status after it was locked; left alone", locked.batchId(),
          locked.s3Prefix());
      return;
    }
    for (BatchEntry entry : locked.distinctEntries()) {
      run.report(Kind.ORPHANED_OPEN_BATCH, locked.s3Prefix(), locked.batchId(), entry.file(),
          resubmitter.resubmitAndDescribe(entry, locked.batchId()));
    }
    // Files whose registration failed are unlinked by now, so the unlinked-file check picks them up later.
    batches.markReprocessed(locked.s3Prefix(), locked.batchId());
  }
}
