package io.sluice.loader.admin;

import io.sluice.loader.admin.ReconcileReport.Kind;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.ProcessedFile;
import io.sluice.loader.tracker.ResolvedConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H3: processed files without {@code batchId} (the Lambda links fire-and-forget), older than a grace period that
 * covers registrations in flight. A file some batch of its prefix lists gets its link back; any other is
 * registered again.
 */
final class UnlinkedFiles {

  private static final Logger log = LoggerFactory.getLogger(UnlinkedFiles.class);
  /** Batches whose files were moved on: listing a file there no longer means the file is in them. */
  private static final Set<BatchStatus> MOVED_ON = Set.of(BatchStatus.REPROCESSING, BatchStatus.REPROCESSED);

  private final BatchTable batches;
  private final FileTable files;
  private final FileRegistrar registrar;
  private final FileResubmitter resubmitter;
  private final Clock clock;
  private final Duration grace;

  UnlinkedFiles(BatchTable batches, FileTable files, FileRegistrar registrar, FileResubmitter resubmitter,
      Clock clock, Duration grace) {
    this.batches = batches;
    this.files = files;
    this.registrar = registrar;
    this.resubmitter = resubmitter;
    this.clock = clock;
    this.grace = grace;
  }

  void check(ReconcileRun run) {
    Map<String, List<BatchItem>> batchesByPrefix = new HashMap<>();
    for (ProcessedFile file : files.unlinked(clock.instant().minus(grace))) {
      String loadFile = file.loadFile();
      int slash = loadFile.indexOf('/');
      if (run.handled(loadFile) || slash <= 0) {
        continue;
      }
      Optional<ResolvedConfig> config = registrar.resolve(loadFile.substring(0, slash), loadFile.substring(slash + 1));
      if (config.isEmpty()) {
        if (run.covers(null)) {
          run.report(Kind.UNLINKED_FILE, null, null, loadFile, "left alone: no config matches it any more");
        }
        continue;
      }
      String prefix = config.get().s3Prefix();
      if (!run.covers(prefix)) {
        continue;
      }
      Optional<BatchItem> holder = holder(file, batchesByPrefix.computeIfAbsent(prefix, batches::listByPrefix));
      if (holder.isPresent()) {
        relink(run, file, holder.get());
      } else {
        String action = run.dryRun()
            ? "would re-register into the current batch " + config.get().currentBatch()
            : resubmitter.resubmitAndDescribe(new BatchEntry(loadFile, BatchEntry.UNKNOWN_SIZE), null);
        run.report(Kind.UNLINKED_FILE, prefix, null, loadFile, action);
      }
    }
  }

  /** The newest batch the file is in: one listing it that was not reprocessed and that it was not moved out of. */
  private static Optional<BatchItem> holder(ProcessedFile file, List<BatchItem> prefixBatches) {
    return prefixBatches.stream()
        .filter(batch -> !MOVED_ON.contains(batch.status()))
        .filter(batch -> !file.previousBatches().contains(batch.batchId()))
        .filter(batch -> batch.entries().stream().anyMatch(entry -> entry.file().equals(file.loadFile())))
        .max(Comparator.comparing(BatchItem::lastUpdate, Comparator.nullsFirst(BigDecimal::compareTo)));
  }

  private void relink(ReconcileRun run, ProcessedFile file, BatchItem batch) {
    String action;
    if (run.dryRun()) {
      action = "would link to batch " + batch.batchId();
    } else if (files.linkIfUnlinked(file.loadFile(), batch.batchId())) {
      action = "linked to batch " + batch.batchId();
    } else {
      log.debug("File {} was linked or deleted meanwhile", file.loadFile());
      action = "left alone: linked or deleted meanwhile";
    }
    run.report(Kind.UNLINKED_FILE, batch.s3Prefix(), batch.batchId(), file.loadFile(), action);
  }
}
