package io.sluice.loader.manifest;

import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.tracker.BatchEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes manifests to S3 and copies failed ones (contract 3.1, 3.7). S3 errors reach the caller as the SDK's
 * exceptions.
 */
public final class ManifestStore {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

  /** Tries at a free name; two loaders flushing in the same second draw the same number once in 10,000. */
  private static final int NAME_ATTEMPTS = 5;
  private static final int PRECONDITION_FAILED = 412;

  private final S3Client s3;
  private final RandomGenerator random;

  /** Draws manifest names from a {@link Random}, which is safe to share between threads. */
  public ManifestStore(S3Client s3) {
    this(s3, new Random());
  }

  /**
   * Draws manifest names from {@code random}, which must be safe for the threads that share this store.
   */
  public ManifestStore(S3Client s3, RandomGenerator random) {
    this.s3 = s3;
    this.random = random;
  }

  /**
   * Puts the body at manifestKey + "/" + name in the manifest bucket; entries with BatchEntry.UNKNOWN_SIZE get their
   * size by HeadObject first. The put is conditional ({@code If-None-Match: *}), so a manifest of another batch
   * that drew the same name in the same second is never overwritten: another name is drawn instead. A manifest
   * already there with this very body is this write's own, made by an attempt whose answer was lost.
   */
  public ManifestLocation write(ManifestConfig config, List<BatchEntry> entries, Instant now) {
    byte[] body = Manifests.body(sized(entries));
    for (int attempt = 1; ; attempt++) {
      ManifestLocation location = new ManifestLocation(config.bucket(),
          config.prefix() + "/" + Manifests.name(now, random));
      try {
        s3.putObject(r -> r.bucket(location.bucket()).key(location.key()).ifNoneMatch("*"),
            RequestBody.fromBytes(body));
        LOG.debug("Wrote manifest {} listing {} files", location, entries.size());
        return location;
      } catch (S3Exception e) {
        if (e.statusCode() != PRECONDITION_FAILED) {
          throw e;
        }
        // The SDK retries a put whose answer it lost; the retry then finds the object the first attempt wrote.
        if (Arrays.equals(read(location), body)) {
          LOG.debug("Wrote manifest {} listing {} files (found after a retried put)", location, entries.size());
          return location;
        }
        if (attempt == NAME_ATTEMPTS) {
          throw e;
        }
        LOG.debug("Manifest name {} is taken; drawing another", location);
      }
    }
  }

  /**
   * Copies to the failed prefix: first occurrence of "<prefix>/" replaced by "<failedPrefix>/", same bucket.
   * Returns the copy's location.
   *
   * @throws IllegalArgumentException when the manifest's key does not hold {@code <prefix>/}
   */
  public ManifestLocation copyToFailed(ManifestConfig config, ManifestLocation manifest) {
    String prefix = config.prefix() + "/";
    int at = manifest.key().indexOf(prefix);
    if (at < 0) {
      throw new IllegalArgumentException("manifest " + manifest + " is not under the prefix " + config.prefix());
    }
    String failedKey = manifest.key().substring(0, at) + config.failedPrefix() + "/"
        + manifest.key().substring(at + prefix.length());
    ManifestLocation failed = new ManifestLocation(manifest.bucket(), failedKey);
    s3.copyObject(r -> r.sourceBucket(manifest.bucket()).sourceKey(manifest.key())
        .destinationBucket(failed.bucket()).destinationKey(failed.key()));
    LOG.debug("Copied manifest {} to {}", manifest, failed);
    return failed;
  }

  /** The manifest's body. */
  public byte[] read(ManifestLocation manifest) {
    return s3.getObjectAsBytes(r -> r.bucket(manifest.bucket()).key(manifest.key())).asByteArray();
  }

  /** Legacy {@code entries} carry no size; the object's real size is what Parquet and ORC loads need. */
  private List<BatchEntry> sized(List<BatchEntry> entries) {
    List<BatchEntry> sized = new ArrayList<>(entries.size());
    for (BatchEntry entry : entries) {
      if (entry.size() != BatchEntry.UNKNOWN_SIZE) {
        sized.add(entry);
        continue;
      }
      // The Lambda's key representation writes spaces as '+'; the object's real key has the spaces.
      String key = entry.key().replace('+', ' ');
      long size = s3.headObject(r -> r.bucket(entry.bucket()).key(key)).contentLength();
      sized.add(new BatchEntry(entry.file(), size));
    }
    return sized;
  }
}
