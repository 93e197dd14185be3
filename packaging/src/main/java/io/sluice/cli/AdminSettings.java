package io.sluice.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigScope;
import io.sluice.config.SluiceConfig;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The settings a tracker admin command runs with: the config file's sections the command uses, with
 * {@code --region} and {@code --endpoint} applied to the tracker.
 *
 * @param source where the settings came from, for messages
 * @param config the sections the command read (see {@link ConfigScope}); the others hold their defaults
 * @param tracker the tracker section, overrides applied
 */
record AdminSettings(String source, SluiceConfig config, TrackerConfig tracker) {

  /**
   * What a command on the tracker's tables reads: the tracker and the loader's settings, but not the secrets only
   * loading uses (the Redshift passwords and COPY keys of {@code loader.loads}, the KMS and SNS credentials), so it
   * runs where only the tracker's and S3's credentials are set.
   */
  static final ConfigScope TRACKER_TABLES = ConfigScope.sections("tracker", "loader")
      .withoutSecretsUnder("loader.loads", "loader.kms", "loader.sns");

  /** The loader section. */
  LoaderConfig loader() {
    return config.loader();
  }

  /**
   * Reads the settings {@code options} point at. Without {@code -c} and without {@link AdminOptions#DEFAULT_CONFIG},
   * the Lambda loader's defaults apply (its table names, the SDK's region and credentials), as its node scripts
   * needed nothing but {@code --region}.
   *
   * @param scope the part of the file the command uses; the rest is not read, so its problems do not stop it
   * @throws ConfigException when the file is missing (given with {@code -c}) or its part {@code scope} is invalid
   */
  static AdminSettings load(AdminOptions options, CommandEnvironment environment, ConfigScope scope)
      throws ConfigException {
    Path file = options.configFile;
    if (file == null && Files.isRegularFile(AdminOptions.DEFAULT_CONFIG)) {
      file = AdminOptions.DEFAULT_CONFIG;
    }
    SluiceConfig config = file == null
        ? new SluiceConfig(null, null, null, null, null, null, null)
        : environment.configLoader().read(file, scope);
    return new AdminSettings(file == null ? "<defaults>" : file.toString(), config,
        override(config.tracker(), options.region, options.endpoint));
  }

  private static TrackerConfig override(TrackerConfig tracker, String region, URI endpoint) {
    return new TrackerConfig(tracker.mode(), region != null ? region : tracker.region(),
        endpoint != null ? endpoint : tracker.endpoint(), tracker.tables(), tracker.billingMode(),
        tracker.credentials(), tracker.suppressWildcardExpansion());
  }
}
