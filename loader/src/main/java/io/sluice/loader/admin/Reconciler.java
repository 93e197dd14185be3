package io.sluice.loader.admin;

import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code batches reconcile}: finds and repairs the Lambda's silent losses (contract 7.4 H1, H3, H5). */
public final class Reconciler {

  private final MissingManifestEntries missingFromManifests;
  private final OrphanedOpenBatches orphanedOpenBatches;
  private final UnlinkedFiles unlinkedFiles;

  /**
   * @param s3 reads manifests and the sizes of files batches do not record
   * @param grace how old an unlinked processed file must be before it counts as lost rather than in flight
   */
  public Reconciler(BatchTable batches, ConfigTable configs, FileTable files, FileRegistrar registrar, S3Client s3,
      Clock clock, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
    FileResubmitter resubmitter = new FileResubmitter(files, registrar, s3);
    this.missingFromManifests = new MissingManifestEntries(batches, files, resubmitter, new ManifestUrls(s3));
    this.orphanedOpenBatches = new OrphanedOpenBatches(batches, configs, resubmitter);
    this.unlinkedFiles = new UnlinkedFiles(batches, files, registrar, resubmitter, clock, grace);
  }

  /** Checks every complete batch's manifest; see {@link #reconcile(String, boolean, Instant)}. */
  public ReconcileReport reconcile(String s3PrefixOrNull, boolean dryRun) {
    return reconcile(s3PrefixOrNull, dryRun, null);
  }

  /**
   * Finds the files the Lambda lost track of and, unless {@code dryRun}, repairs them. Files missing from manifests
   * come first and orphaned open batches second, so the unlinked-file check leaves the files they repaired alone.
   *
   * @param s3PrefixOrNull the only config prefix to look at, or null for all
   * @param dryRun report what would be done without writing anything
   * @param completedSince check manifests of batches completed at or after this only; null for all
   */
  public ReconcileReport reconcile(String s3PrefixOrNull, boolean dryRun, Instant completedSince) {
    ReconcileRun run = new ReconcileRun(s3PrefixOrNull, dryRun);
    missingFromManifests.check(run, completedSince);
    orphanedOpenBatches.check(run);
    unlinkedFiles.check(run);
    return run.result();
  }
}
