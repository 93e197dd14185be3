package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SluiceCommandTest {

  @Test
  void versionPrintsTheBuildVersion() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice " + SluiceVersion.current() + System.lineSeparator());
    assertThat(SluiceVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void helpListsTheSubcommandsAndExitsZero() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run", "config");
  }

  @Test
  void noSubcommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString().startsWith("sluice: ");
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLineWithAHint() {
    CliRun run = CliRun.of("config", "check", "--strict", "sluice.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        "sluice: Unknown option: '--strict'",
        "Try 'sluice config check --help'.");
  }

  @Test
  void aMisspelledSubcommandGetsASuggestion() {
    CliRun run = CliRun.of("config", "chek", "sluice.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("check");
  }

  @Test
  void aMissingFileArgumentIsAUsageError() {
    CliRun run = CliRun.of("config", "check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString().startsWith("sluice: Missing required parameter: 'FILE'");
  }
}
