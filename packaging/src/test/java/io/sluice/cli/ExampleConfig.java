package io.sluice.cli;

import java.nio.file.Path;
import java.util.Map;

/** The example configuration shipped as {@code conf/sluice.yaml}, and the environment it reads its secrets from. */
final class ExampleConfig {

  static final Path FILE = Path.of("src/dist/conf/sluice.yaml");

  static final String REDSHIFT_PASSWORD = "redshift-password-value";

  static final Map<String, String> SECRETS = Map.of("SLUICE_REDSHIFT_PASSWORD", REDSHIFT_PASSWORD);

  private ExampleConfig() {}
}
