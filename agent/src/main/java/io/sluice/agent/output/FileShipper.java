package io.sluice.agent.output;

import io.sluice.agent.output.OutputMetrics.DestinationMetrics;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.retry.Attempted;
import io.sluice.agent.output.retry.RetryLoop;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one sealed file: uploads it until the store confirms, then calls the upload hook until it accepts. Only
 * then may the destination commit past the file. A store that refuses the file for good (see
 * {@link io.sluice.agent.output.retry.FailureClassifier}) ends the upload, and the destination quarantines it.
 */
final class FileShipper {

  private static final Logger LOG = LoggerFactory.getLogger(FileShipper.class);
  private static final double NANOS_PER_SECOND = 1e9;

  private final String destination;
  private final ObjectStore store;
  private final UploadHook hook;
  private final RetryLoop uploadRetries;
  private final RetryLoop hookRetries;
  private final DestinationMetrics metrics;
  private final DestinationHealth health;

  /** Retries of uploads and of hook calls are separate loops so metrics can tell a store from a tracker outage. */
  FileShipper(String destination, ObjectStore store, UploadHook hook, RetryLoop uploadRetries,
      RetryLoop hookRetries, DestinationMetrics metrics, DestinationHealth health) {
    this.destination = destination;
    this.store = store;
    this.hook = hook;
    this.uploadRetries = uploadRetries;
    this.hookRetries = hookRetries;
    this.metrics = metrics;
    this.health = health;
  }

  /**
   * Uploads and reports {@code file}.
   *
   * @return the stored object when shipped; refused when the store will never take this file; abandoned when the
   *     drain deadline passed first, and the file stays pending and is shipped after a restart
   */
  Attempted<StoredObject> ship(SealedFile file) {
    PendingFile identity = file.identity();
    health.uploading(true);
    try {
      Attempted<StoredObject> stored = uploadRetries.run("upload", identity.key(), () -> {
        long started = System.nanoTime();
        StoredObject object = store.put(identity.key(), file.content());
        metrics.uploaded((System.nanoTime() - started) / NANOS_PER_SECOND);
        return object;
      });
      if (!(stored instanceof Attempted.Done<StoredObject> done)) {
        return stored;
      }
      health.uploaded();
      UploadedFile uploaded = new UploadedFile(destination, identity.tag(), identity.sequence(),
          identity.firstIndex(), identity.lastIndex(), identity.records(),
          Instant.ofEpochSecond(0, identity.firstRecordNanos()), done.value());
      Attempted<Boolean> accepted = hookRetries.run("upload hook", identity.key(), () -> {
        hook.uploaded(uploaded);
        return Boolean.TRUE;
      });
      if (accepted instanceof Attempted.Abandoned) {
        return new Attempted.Abandoned<>();
      }
      metrics.shipped(done.value().sizeBytes(), identity.records());
      LOG.info("uploaded destination={} key={} target={} sequence={} records={} bytes={} etag={}", destination,
          identity.key(), store.describe(), identity.sequence(), identity.records(), done.value().sizeBytes(),
          done.value().etag());
      return done;
    } finally {
      health.uploading(false);
    }
  }
}
