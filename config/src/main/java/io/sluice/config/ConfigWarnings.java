package io.sluice.config;

import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;

/**
 * What {@code config check} warns about in a valid configuration: settings that work for Sluice but leave
 * something else (a Lambda loader sharing the tracker) unable to do its part.
 */
final class ConfigWarnings {

  private ConfigWarnings() {}

  static Problems of(SluiceConfig config) {
    Problems warnings = new Problems();
    if (config.tracker().mode() != TrackerMode.OFF) {
      warnAboutPasswordsNoLambdaCanRead(config, warnings);
    }
    return warnings;
  }

  /**
   * Sluice writes config items without a KMS key (only {@code loader setup --kms-key} encrypts), so a password that
   * lives in the YAML never reaches the item's {@code connectPassword}, which a Lambda loader needs to connect.
   */
  private static void warnAboutPasswordsNoLambdaCanRead(SluiceConfig config, Problems warnings) {
    for (int i = 0; i < config.loader().loads().size(); i++) {
      LoadConfig load = config.loader().loads().get(i);
      for (int j = 0; j < load.clusters().size(); j++) {
        ClusterConfig cluster = load.clusters().get(j);
        if (cluster.password() != null) {
          String at = ConfigPaths.child(ConfigPaths.element(ConfigPaths.child(ConfigPaths.element("loader.loads", i),
              "clusters"), j), "password");
          warnings.add(at, "the config item of " + load.s3Prefix() + " gets no connectPassword for "
              + cluster.endpointName() + ": Sluice writes config items without a KMS key, so a Lambda loader could"
              + " not load this prefix (Sluice's own loader uses this password); `sluice loader setup --kms-key`"
              + " writes it encrypted");
        }
      }
    }
  }
}
