package io.sluice.loader.manifest;

import java.util.Objects;

/**
 * Where a manifest is: bucket and key (the key holds a space, as the Lambda names it).
 *
 * @param bucket the manifest bucket
 * @param key the object key, e.g. {@code manifests/manifest-2026-11-25 15:04:05-42}
 */
public record ManifestLocation(String bucket, String key) {

  public ManifestLocation {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (bucket.isEmpty() || bucket.contains("/") || key.isEmpty()) {
      throw new IllegalArgumentException("not a manifest location: bucket \"" + bucket + "\", key \"" + key + "\"");
    }
  }

  /** {@code bucket/key}, without {@code s3://}: the form the batch's {@code manifestFile} and SNS messages hold. */
  public String path() {
    return bucket + "/" + key;
  }

  /** {@code s3://bucket/key}, as COPY names the manifest. */
  public String url() {
    return "s3://" + path();
  }

  /** Reads a batch's {@code manifestFile}: {@code bucket/key}. */
  public static ManifestLocation parse(String path) {
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("expected bucket/key, got \"" + path + "\"");
    }
    return new ManifestLocation(path.substring(0, slash), path.substring(slash + 1));
  }

  @Override
  public String toString() {
    return path();
  }
}
