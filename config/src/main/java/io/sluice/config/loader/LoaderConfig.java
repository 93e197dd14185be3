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
 * @param receiptsTable the table in each target database where every load leaves a receipt in its own transaction,
 *     so a connection lost after COMMIT can be resolved, and a batch reopened after a partial multi-cluster load is
 *     not loaded twice on a cluster that committed it; {@code off} for none
 * @param clusterConcurrency how many batch loads may run at once on one cluster (endpoint): a cluster that hangs
 *     holds at most this many loader threads
 * @param outageBackoffMax the longest wait between two attempts on an unreachable cluster (or store); the wait
 *     doubles from one second up to it
 */
public record LoaderConfig(
    List<LoadConfig> loads,
    Duration outageRetry,
    Duration scanInterval,
    Duration staleLockAfter,
    String kmsRegion,
    AwsServiceConfig s3,
    AwsServiceConfig kms,
    AwsServiceConfig sns,
    String receiptsTable,
    Integer clusterConcurrency,
    Duration outageBackoffMax) implements Validatable {

  /** The value of {@code receipts_table} that switches receipts off. */
  public static final String RECEIPTS_OFF = "off";

  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*";

  /** No loads, every default. */
  public static final LoaderConfig NONE = new LoaderConfig(null, null, null, null, null, null, null, null, null, null,
      null);

  public LoaderConfig {
    loads = loads != null ? List.copyOf(loads) : List.of();
    outageRetry = outageRetry != null ? outageRetry : Duration.ofHours(2);
    scanInterval = scanInterval != null ? scanInterval : Duration.ofSeconds(10);
    staleLockAfter = staleLockAfter != null ? staleLockAfter : Duration.ofMinutes(30);
    s3 = s3 != null ? s3 : AwsServiceConfig.DEFAULT;
    kms = kms != null ? kms : AwsServiceConfig.DEFAULT;
    sns = sns != null ? sns : AwsServiceConfig.DEFAULT;
    receiptsTable = receiptsTable != null ? receiptsTable : "sluice_load_receipts";
    // YAML 1.1 reads a bare `off` as the boolean false, which reaches a string field as "false".
    receiptsTable = "false".equals(receiptsTable) ? RECEIPTS_OFF : receiptsTable;
    clusterConcurrency = clusterConcurrency != null ? clusterConcurrency : 2;
    outageBackoffMax = outageBackoffMax != null ? outageBackoffMax : Duration.ofMinutes(1);
  }

  /** Whether loads leave receipts. */
  public boolean receipts() {
    return !RECEIPTS_OFF.equals(receiptsTable);
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
    problems.check(clusterConcurrency >= 1, ConfigPaths.child(path, "cluster_concurrency"), "must be at least 1");
    problems.check(outageBackoffMax.toMillis() >= 1, ConfigPaths.child(path, "outage_backoff_max"),
        "must be positive");
    s3.validate(ConfigPaths.child(path, "s3"), problems);
    kms.validate(ConfigPaths.child(path, "kms"), problems);
    sns.validate(ConfigPaths.child(path, "sns"), problems);
    problems.check(!receipts() || receiptsTable.matches(IDENTIFIER + "(\\." + IDENTIFIER + ")?"),
        ConfigPaths.child(path, "receipts_table"), "expected a table name such as sluice_load_receipts or"
            + " analytics.sluice_load_receipts, or off, got \"" + receiptsTable + "\"");
  }
}
