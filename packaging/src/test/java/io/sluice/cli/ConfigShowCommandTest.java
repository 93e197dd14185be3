package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigShowCommandTest {

  @TempDir
  Path dir;

  private static CliRun show(Map<String, String> environment, Path file) {
    return CliRun.of(environment, agent -> {
      throw new AssertionError("config show must not start an agent");
    }, "config", "show", file.toString());
  }

  @Test
  void printsTheEffectiveConfigWithDefaultsFilledIn() throws Exception {
    Path file = Files.writeString(dir.resolve("minimal.yaml"), """
        outputs:
          - name: archive
            type: local
            directory: /tmp/archive
        """);

    CliRun run = show(Map.of(), file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("drain_timeout: 30s", "port: 24224", "directory: /tmp/archive");
  }

  @Test
  void neverPrintsASecret() {
    CliRun run = show(ExampleConfig.SECRETS, ExampleConfig.FILE);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("password: <redacted>");
    ExampleConfig.SECRETS.entrySet().stream()
        .filter(secret -> !secret.getKey().endsWith("ACCESS_KEY_ID"))
        .forEach(secret -> assertThat(run.out()).doesNotContain(secret.getValue()));
  }

  @Test
  void anInvalidFileExitsWithItsProblems() throws Exception {
    Path file = Files.writeString(dir.resolve("invalid.yaml"), "outputs: []\n");

    CliRun run = show(Map.of(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly(file + ":1:10: outputs: at least one output is required"
        + " (or, for a standalone loader, at least one loader.loads entry)");
  }
}
