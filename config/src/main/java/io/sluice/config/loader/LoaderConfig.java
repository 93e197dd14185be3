package io.sluice.config.loader;

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
 */
public record LoaderConfig(List<LoadConfig> loads, Duration outageRetry, Duration scanInterval)
    implements Validatable {

  public LoaderConfig {
    loads = loads != null ? List.copyOf(loads) : List.of();
    outageRetry = outageRetry != null ? outageRetry : Duration.ofHours(2);
    scanInterval = scanInterval != null ? scanInterval : Duration.ofSeconds(10);
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
  }
}
