package io.sluice.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Prints the effective configuration as YAML, every secret replaced by {@value Secret#REDACTED}. */
public final class ConfigPrinter {

  private static final YAMLMapper MAPPER = ConfigMapper.create();

  private ConfigPrinter() {}

  public static String toYaml(SluiceConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print config", e);
    }
  }
}
