package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.output.OutputRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configurations route as their comments say: the {@code **} output holds everything else. */
class ShippedConfigRoutingTest {

  @TempDir
  Path dir;

  @Test
  void theShippedConfigSendsAppTagsToS3AndEverythingElseToTheArchive() throws Exception {
    SluiceConfig config = new ConfigLoader(ExampleConfig.SECRETS).read(ExampleConfig.FILE);
    OutputRoutes routes = OutputRoutes.of(config.outputs());

    assertThat(routes.outputsFor("app.access")).containsExactly("app");
    assertThat(routes.outputsFor("app")).containsExactly("app");
    assertThat(routes.outputsFor("nginx.error")).containsExactly("archive");
  }

  @Test
  void theEmbeddedDefaultSendsEveryTagToItsOneOutput() throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), ConfigLoader.defaultYaml());
    SluiceConfig config = new ConfigLoader(Map.of()).read(file);

    assertThat(OutputRoutes.of(config.outputs()).outputsFor("app.access")).containsExactly("local");
  }
}
