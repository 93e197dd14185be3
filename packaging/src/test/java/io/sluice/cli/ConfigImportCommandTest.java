package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigImportCommandTest {

  @TempDir
  Path dir;

  @Test
  void printsTheYamlOnStdoutAndExitsZeroWhenEverythingMapped() throws Exception {
    Path file = Files.writeString(dir.resolve("td-agent.conf"),
        "<source>\n  @type forward\n</source>\n<match **>\n  @type s3\n  s3_bucket acme-logs\n</match>\n");

    CliRun run = CliRun.of("config", "import", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("bucket: acme-logs").contains("enabled: false");
    assertThat(run.err()).startsWith("imported " + file + ": everything mapped\n");
  }

  @Test
  void exitsThreeAndListsWhatWasLeftOut() throws Exception {
    Path file = Files.writeString(dir.resolve("td-agent.conf"),
        "<match debug.**>\n  @type stdout\n</match>\n<match **>\n  @type s3\n  s3_bucket acme-logs\n</match>\n");

    CliRun run = CliRun.of("config", "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("# not imported: <match debug.**> @type stdout (" + file + ":1)");
    assertThat(run.errLines()).contains("not imported:")
        .anyMatch(line -> line.startsWith("  " + file + ":1: <match debug.**> @type stdout: "));
  }

  @Test
  void exitsTwoWithFileAndLineWhenTheFileCannotBeParsed() throws Exception {
    Path file = Files.writeString(dir.resolve("td-agent.conf"), "<source>\n  @type forward\n");

    CliRun run = CliRun.of("config", "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("sluice: " + file + ":2: expected end tag '</source>'");
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun run = CliRun.of("config", "import", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: sluice config import", "0   everything was imported",
        "2   the file cannot be read or parsed", "3   imported, but some parts were left out");
  }
}
