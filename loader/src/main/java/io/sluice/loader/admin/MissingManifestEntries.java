package io.sluice.loader.admin;

import io.sluice.loader.admin.ReconcileReport.Kind;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.ProcessedFile;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H1: files a complete batch holds but its manifest does not list, because the Lambda built the manifest from a
 * snapshot taken before its lock. Each is unlinked from that batch and registered again, so it gets loaded.
 */
final class MissingManifestEntries {

  private static final Logger log = LoggerFactory.getLogger(MissingManifestEntries.class);

  private final BatchTable batches;
  private final FileTable files;
  private final FileResubmitter resubmitter;
  private final ManifestUrls manifests;

  MissingManifestEntries(BatchTable batches, FileTable files, FileResubmitter resubmitter, ManifestUrls manifests) {
    this.batches = batches;
    this.files = files;
    this.resubmitter = resubmitter;
    this.manifests = manifests;
  }

  /** @param completedSince only batches completed at or after this; null for every complete batch */
  void check(ReconcileRun run, Instant completedSince) {
    for (BatchItem batch : batches.queryByStatus(BatchStatus.COMPLETE, completedSince, null)) {
      if (!run.covers(batch.s3Prefix()) || batch.manifestFile() == null) {
        continue;
      }
      Optional<Set<String>> urls = manifests.read(batch.manifestFile());
      if (urls.isEmpty()) {
        log.warn("Manifest s3://{} of complete batch {} of {} no longer exists; its files cannot be checked",
            batch.manifestFile(), batch.batchId(), batch.s3Prefix());
        continue;
      }
      for (BatchEntry entry : batch.distinctEntries()) {
        if (!ManifestUrls.lists(urls.get(), entry.file()) && !repairedEarlier(entry.file(), batch.batchId())) {
          repair(run, batch, entry);
        }
      }
    }
  }

  /** A file an earlier pass moved on: linked to another batch, with this one among its previous batches. */
  private boolean repairedEarlier(String file, String batchId) {
    Optional<ProcessedFile> processed = files.get(file);
    return processed.isPresent() && processed.get().batchId() != null
        && !processed.get().batchId().equals(batchId) && processed.get().previousBatches().contains(batchId);
  }

  private void repair(ReconcileRun run, BatchItem batch, BatchEntry entry) {
    String action = run.dryRun()
        ? "would re-register into the current batch of " + batch.s3Prefix()
        : resubmitter.resubmitAndDescribe(entry, batch.batchId());
    run.report(Kind.MISSING_FROM_MANIFEST, batch.s3Prefix(), batch.batchId(), entry.file(), action);
  }
}
