package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {

  @TempDir
  Path dir;

  private static CliRun check(Map<String, String> environment, Path file) {
    return CliRun.of(environment, agent -> {
      throw new AssertionError("config check must not start an agent");
    }, "config", "check", file.toString());
  }

  @Test
  void theShippedExampleConfigIsValid() {
    CliRun run = check(ExampleConfig.SECRETS, ExampleConfig.FILE);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK: " + ExampleConfig.FILE + System.lineSeparator());
  }

  @Test
  void everyProblemIsPrintedOnItsOwnLineWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("three-mistakes.yaml"), """
        buffer:
          max_bytes: lots
        outputs:
          - name: main
            bucket: Not_A_Bucket
            roll:
              age: soon
        """);

    CliRun run = check(Map.of(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(3);
    assertThat(run.errLines().get(0)).startsWith(file + ":2:14: buffer.max_bytes: ");
    assertThat(run.errLines().get(1)).startsWith(file + ":5:13: outputs[0].bucket: ");
    assertThat(run.errLines().get(2)).startsWith(file + ":7:12: outputs[0].roll.age: ");
  }

  @Test
  void aMissingSecretVariableIsReportedByName() {
    Map<String, String> withoutPassword = new HashMap<>(ExampleConfig.SECRETS);
    withoutPassword.remove("SLUICE_REDSHIFT_PASSWORD");

    CliRun run = check(withoutPassword, ExampleConfig.FILE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("environment variable SLUICE_REDSHIFT_PASSWORD is not set");
  }

  @Test
  void aFileThatDoesNotExistIsAConfigError() {
    Path missing = dir.resolve("missing.yaml");

    CliRun run = check(Map.of(), missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(missing + ": no such file");
  }
}
