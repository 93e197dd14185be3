package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDefaultCommandTest {

  @TempDir
  Path dir;

  @Test
  void printsTheEmbeddedDefaultExactly() {
    CliRun run = CliRun.of("config", "default");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(ConfigLoader.defaultYaml());
  }

  @Test
  void whatItPrintsPassesConfigCheck() throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), CliRun.of("config", "default").out());

    CliRun run = CliRun.of("config", "check", file.toString());

    assertThat(run.exitCode()).isZero();
  }
}
