package io.sluice.config.loader;

import io.sluice.config.AwsServiceConfig;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded loader: one load configuration per S3 prefix, as the Lambda loader's config items.
 *
 * @param loads the load configurations
 * @param outageRetry how long connection failures and unavailable clusters are retried before a batch fails
 * @param scanInterval how often due batches are looked for
 * @param staleLockAfter a batch locked without a {@code lastUpdate} for this long is reported as a stale lock (its
 *     loader probably died); loaders refresh {@code lastUpdate} while they hold a lock
 * @param kmsRegion the region in the KMS encryption context of secrets in config items (the Lambda's
 *     {@code AWS_REGION}); the tracker's region when absent
 * @param s3 where manifests are written and copied
 * @param kms where KMS-encrypted secrets in config items are decrypted (and encrypted by {@code loader setup})
 * @param sns where load notifications are published
 */
public record LoaderConfig(
    List<LoadConfig> loads,
    Duration outageRetry,
    Duration scanInterval,
    Duration staleLockAfter,
    String kmsRegion,
    AwsServiceConfig s3,
    AwsServiceConfig kms,
    AwsServiceConfig sns) implements Validatable {

  /** No loads, every default. */
  public static final LoaderConfig NONE = new LoaderConfig(null, null, null, null, null, null, null, null);

  public LoaderConfig {
    loads = loads != null ? List.copyOf(loads) : List.of();
    outageRetry = outageRetry != null ? outageRetry : Duration.ofHours(2);
    scanInterval = scanInterval != null ? scanInterval : Duration.ofSeconds(10);
    staleLockAfter = staleLockAfter != null ? staleLockAfter : Duration.ofMinutes(30);
    s3 = s3 != null ? s3 : AwsServiceConfig.DEFAULT;
    kms = kms != null ? kms : AwsServiceConfig.DEFAULT;
    sns = sns != null ? sns : AwsServiceConfig.DEFAULT;
  }

  @Override
  public void validate(String path, Problems problems) {
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < loads.size(); i++) {
      String at = ConfigPaths.element(ConfigPaths.child(path, "loads"), i);
      LoadConfig load = loads.get(i);
      if (load == null) {
        problems.add(at, "a load configuration must be a mapping");
        continue;
      }
      load.validate(at, problems);
      if (load.s3Prefix() != null) {
        problems.check(prefixes.add(load.s3Prefix()), ConfigPaths.child(at, "s3_prefix"),
            "s3_prefix \"" + load.s3Prefix() + "\" is configured twice");
      }
    }
    problems.check(outageRetry.toSeconds() >= 0, ConfigPaths.child(path, "outage_retry"), "must not be negative");
    problems.check(scanInterval.toMillis() > 0, ConfigPaths.child(path, "scan_interval"), "must be positive");
    problems.check(staleLockAfter.toSeconds() >= 1, ConfigPaths.child(path, "stale_lock_after"),
        "must be at least 1s");
    s3.validate(ConfigPaths.child(path, "s3"), problems);
    kms.validate(ConfigPaths.child(path, "kms"), problems);
    sns.validate(ConfigPaths.child(path, "sns"), problems);
  }
}
