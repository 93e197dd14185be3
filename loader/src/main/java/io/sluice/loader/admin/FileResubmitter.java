package io.sluice.loader.admin;

import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts a file of a batch back into circulation as {@code processedFiles.js --reprocess} does, but without the
 * in-place S3 copy: unlinked from the batch, then registered into the current batch of its config.
 */
final class FileResubmitter {

  private static final Logger log = LoggerFactory.getLogger(FileResubmitter.class);
  private static final int NOT_FOUND = 404;

  private final FileTable files;
  private final FileRegistrar registrar;
  private final S3Client s3;

  FileResubmitter(FileTable files, FileRegistrar registrar, S3Client s3) {
    this.files = files;
    this.registrar = registrar;
    this.s3 = s3;
  }

  /**
   * The entry's size in bytes: as the batch recorded it, or from S3 for legacy {@code entries}, which record none;
   * empty when the object no longer exists.
   */
  OptionalLong size(BatchEntry entry) {
    if (entry.size() != BatchEntry.UNKNOWN_SIZE) {
      return OptionalLong.of(entry.size());
    }
    try {
      // In the Lambda's representation a '+' is a space (contract 1.5).
      return OptionalLong.of(s3.headObject(r -> r.bucket(entry.bucket()).key(entry.key().replace('+', ' ')))
          .contentLength());
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  /** Unlinks the file from {@code fromBatch} (when it is linked there) and registers it again. */
  Registration resubmit(BatchEntry entry, long sizeBytes, String fromBatch) {
    files.unlink(entry.file(), fromBatch);
    return registrar.reregister(entry, sizeBytes);
  }

  /** Registers a file that is in no batch any more. */
  Registration register(BatchEntry entry, long sizeBytes) {
    return registrar.reregister(entry, sizeBytes);
  }

  /**
   * Resubmits the file (unlinking it from {@code fromBatch} when given) and says how that ended, for a report; a
   * missing object or a failed registration is reported rather than thrown, so one file does not stop a repair.
   */
  String resubmitAndDescribe(BatchEntry entry, String fromBatch) {
    OptionalLong size = size(entry);
    if (size.isEmpty()) {
      return "left alone: s3://" + entry.file().replace('+', ' ') + " no longer exists";
    }
    try {
      return describe(fromBatch == null ? register(entry, size.getAsLong())
          : resubmit(entry, size.getAsLong(), fromBatch));
    } catch (TrackerException e) {
      log.warn("Could not register {} again: {}", entry.file(), e.getMessage());
      return "failed: " + e.getMessage();
    }
  }

  /** How a resubmission ended, for reports. */
  static String describe(Registration registration) {
    return switch (registration.outcome()) {
      case REGISTERED -> "re-registered into batch " + registration.batchId();
      case ALREADY_REGISTERED -> "already registered to batch " + registration.batchId() + "; left there";
      case FILTERED -> "not registered again: the filename filter of " + registration.s3Prefix() + " excludes it";
    };
  }
}
