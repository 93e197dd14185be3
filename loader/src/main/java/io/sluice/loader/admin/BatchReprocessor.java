package io.sluice.loader.admin;

import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.ProcessedFile;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code batches reprocess}: status {@code reprocessing}, then each file unlinked and registered again into the
 * current batch, then {@code reprocessed} (as {@code reprocessBatch.js}, without the in-place S3 copy). A batch that
 * some cluster committed is instead reopened in place when loads leave receipts, so it keeps the batch id its
 * receipts are keyed on and is loaded once more only where it did not commit (the Lambda's H7 fixed).
 */
public final class BatchReprocessor {

  private static final Logger log = LoggerFactory.getLogger(BatchReprocessor.class);
  private static final Set<BatchStatus> REPROCESSABLE = EnumSet.of(BatchStatus.LOCKED, BatchStatus.ERROR);

  private final BatchTable batches;
  private final FileTable files;
  private final FileRegistrar registrar;
  private final FileResubmitter resubmitter;
  private final boolean receipts;

  /**
   * @param s3 looks up the sizes of legacy {@code entries} files, which batches do not record
   * @param receipts whether loads leave receipts ({@code loader.receipts_table} is not {@code off})
   */
  public BatchReprocessor(BatchTable batches, FileTable files, FileRegistrar registrar, S3Client s3,
      boolean receipts) {
    this.batches = batches;
    this.files = files;
    this.registrar = registrar;
    this.resubmitter = new FileResubmitter(files, registrar, s3);
    this.receipts = receipts;
  }

  /**
   * Re-registers every file of a {@code locked} or {@code error} batch into its config's current batch, each file
   * once; or, when a cluster committed the batch and loads leave receipts, reopens it in place ({@code open}) for
   * the scan to load again where it did not commit.
   *
   * @throws IllegalStateException when the batch is missing, in another status, empty, still its config's current
   *     batch (unless it is reopened), or holds a file that no longer exists in S3; nothing is written then
   */
  public BatchReprocessing reprocess(String s3Prefix, String batchId) {
    BatchItem batch = batches.get(s3Prefix, batchId).orElseThrow(() -> new IllegalStateException(
        "No batch " + batchId + " of " + s3Prefix));
    if (!REPROCESSABLE.contains(batch.status())) {
      throw new IllegalStateException(refusal(batch));
    }
    if (batch.entries().isEmpty()) {
      throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " holds no files to reprocess");
    }
    List<String> committed = CommittedClusters.of(batch.clusterLoadStatus());
    if (!committed.isEmpty() && receipts) {
      return reopen(batch, committed);
    }
    registrar.config(s3Prefix).filter(config -> config.currentBatch().equals(batchId)).ifPresent(config -> {
      throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " is " + batch.status().wire()
          + " and still the config's current batch (its loader died after locking it, before rotating to a new"
          + " one): its files would be registered back into it. Unlock it instead (batches unlock), and it is"
          + " loaded by the next flush");
    });
    List<BatchEntry> entries = batch.distinctEntries();
    List<Long> sizes = new ArrayList<>();
    for (BatchEntry entry : entries) {
      OptionalLong size = resubmitter.size(entry);
      if (size.isEmpty()) {
        throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " holds s3://"
            + entry.file().replace('+', ' ') + ", which no longer exists; reprocess its other files one by one "
            + "(files reprocess) or delete the batch");
      }
      sizes.add(size.getAsLong());
    }
    if (!batches.markReprocessing(s3Prefix, batchId, REPROCESSABLE)) {
      throw new IllegalStateException("Batch " + batchId + " of " + s3Prefix + " changed status while it was read; "
          + "look at it again before reprocessing");
    }
    if (!committed.isEmpty()) {
      log.warn("Batch {} of {} committed on {} already and load receipts are off (loader.receipts_table: off): its"
          + " files go into a new batch that is loaded again on every cluster, so those get its rows twice",
          batchId, s3Prefix, committed);
    }
    log.info("Reprocessing {} files of batch {} of {}", entries.size(), batchId, s3Prefix);
    List<Registration> registrations = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        registrations.add(resubmitter.resubmit(entries.get(i), sizes.get(i), batchId));
      } catch (TrackerException e) {
        throw new IllegalStateException("Reprocessing batch " + batchId + " of " + s3Prefix + " stopped at "
            + entries.get(i).file() + " after " + i + " of " + entries.size() + " files; the batch stays "
            + "'reprocessing'. Register the rest with files reprocess. Cause: " + e.getMessage(), e);
      }
    }
    batches.markReprocessed(s3Prefix, batchId);
    log.info("Batch {} of {} reprocessed: {} files registered again", batchId, s3Prefix, registrations.size());
    return new BatchReprocessing(s3Prefix, batchId, committed.isEmpty()
        ? BatchReprocessing.Outcome.REGISTERED_AGAIN : BatchReprocessing.Outcome.REGISTERED_AGAIN_WITHOUT_RECEIPTS,
        committed, registrations);
  }

  /**
   * Moving the files into a new batch would lose the batch id the receipts are keyed on, and load them again where
   * they committed: the batch goes back to open instead, and the scan loads it as an orphan open batch.
   */
  private BatchReprocessing reopen(BatchItem batch, List<String> committed) {
    if (!batches.reopen(batch.s3Prefix(), batch.batchId())) {
      throw new IllegalStateException("Batch " + batch.batchId() + " of " + batch.s3Prefix() + " changed status"
          + " while it was read; look at it again before reprocessing");
    }
    log.info("Batch {} of {} committed on {} already: reopened in place, so the loader loads it again and skips"
        + " those clusters by their load receipts", batch.batchId(), batch.s3Prefix(), committed);
    return new BatchReprocessing(batch.s3Prefix(), batch.batchId(), BatchReprocessing.Outcome.REOPENED, committed,
        List.of());
  }

  /**
   * {@code files reprocess KEY}: unlinks the file from its batch (when it is in one) and registers it again.
   *
   * @param loadFile {@code bucket/key} as the processed-files table holds it
   * @throws IllegalStateException when the object no longer exists in S3; nothing is written then
   */
  public Registration reprocessFile(String loadFile) {
    if (loadFile.indexOf('/') <= 0) {
      throw new IllegalArgumentException("Expected bucket/key, got \"" + loadFile + "\"");
    }
    BatchEntry entry = new BatchEntry(loadFile, BatchEntry.UNKNOWN_SIZE);
    long size = resubmitter.size(entry).orElseThrow(() -> new IllegalStateException(
        "s3://" + loadFile.replace('+', ' ') + " no longer exists; nothing to reprocess"));
    String linkedBatch = files.get(loadFile).map(ProcessedFile::batchId).orElse(null);
    Registration registration = linkedBatch == null
        ? resubmitter.register(entry, size)
        : resubmitter.resubmit(entry, size, linkedBatch);
    log.info("File {} reprocessed: {}", loadFile, FileResubmitter.describe(registration));
    return registration;
  }

  private static String refusal(BatchItem batch) {
    String why = switch (batch.status()) {
      case OPEN -> "an open batch is still filling up and is loaded by its next flush";
      case COMPLETE -> "its files were loaded; reprocess single files with files reprocess";
      case REPROCESSING, REPROCESSED -> "it was reprocessed already";
      default -> "";
    };
    return "Batch " + batch.batchId() + " of " + batch.s3Prefix() + " is " + batch.status().wire()
        + "; only locked or error batches can be reprocessed (" + why + ")";
  }
}
