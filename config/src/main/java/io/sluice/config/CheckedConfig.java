package io.sluice.config;

import java.util.List;

/**
 * A configuration that passed validation, as {@code config check} reports it.
 *
 * @param config the configuration
 * @param warnings what is valid but likely not meant, each located like a problem
 */
public record CheckedConfig(SluiceConfig config, List<ConfigProblem> warnings) {

  public CheckedConfig {
    warnings = List.copyOf(warnings);
  }
}
