package io.sluice.config.loader;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * Where COPY manifests are written (the Lambda's {@code manifestBucket}, {@code manifestKey} and
 * {@code failedManifestKey}).
 *
 * @param bucket the bucket
 * @param prefix the key prefix of manifests, without leading or trailing '/'
 * @param failedPrefix the key prefix manifests of failed batches are copied to; {@code <prefix>/failed} by default
 */
public record ManifestConfig(String bucket, String prefix, String failedPrefix) implements Validatable {

  public ManifestConfig {
    prefix = prefix != null ? prefix : "manifests";
    failedPrefix = failedPrefix != null ? failedPrefix : prefix + "/failed";
  }

  @Override
  public void validate(String path, Problems problems) {
    if (problems.require(bucket, ConfigPaths.child(path, "bucket"))) {
      problems.check(bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"), ConfigPaths.child(path, "bucket"),
          "\"" + bucket + "\" is not a valid S3 bucket name");
    }
    checkPrefix(prefix, ConfigPaths.child(path, "prefix"), problems);
    checkPrefix(failedPrefix, ConfigPaths.child(path, "failed_prefix"), problems);
    problems.check(!failedPrefix.equals(prefix), ConfigPaths.child(path, "failed_prefix"),
        "must differ from prefix, or failed manifests would overwrite themselves");
  }

  private static void checkPrefix(String prefix, String path, Problems problems) {
    problems.check(prefix.matches("[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*"), path,
        "expected a key prefix without leading or trailing '/', got \"" + prefix + "\"");
  }
}
