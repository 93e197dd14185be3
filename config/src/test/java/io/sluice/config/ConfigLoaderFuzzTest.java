package io.sluice.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Any YAML text is either a valid config or a {@link ConfigException} listing its problems, never another
 * exception; and a config that loads can be printed, as {@code sluice config show} does.
 */
@Tag("fuzz")
class ConfigLoaderFuzzTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of("BUCKET", "env-bucket", "EMPTY", ""));

  @FuzzTest
  void parse(byte[] yaml) {
    SluiceConfig config;
    try {
      config = loader.parse("fuzz.yaml", new String(yaml, StandardCharsets.UTF_8), Path.of("target"));
    } catch (ConfigException refused) {
      return;
    }
    ConfigPrinter.toYaml(config);
  }
}
