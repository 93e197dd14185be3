package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's logging: conf/logback.xml as the base, the logging: section on top, SLUICE_LOG_LEVEL checked. */
class LoggingDistributionIT {

  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice"));
  private static final Path LAUNCHER = DIST.resolve("bin/sluice").toAbsolutePath();
  private static final String STARTED = "Sluice agent started";

  @TempDir
  Path dir;

  private ProcessBuilder sluice(String... args) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIST.toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().remove("SLUICE_LOG_LEVEL");
    return builder;
  }

  private Path config(String logging) throws IOException {
    return Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          drain_timeout: 5s
        inputs:
          forward: {enabled: false}
          http: {enabled: false}
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
        admin:
          enabled: false
        """.formatted(dir.resolve("buffer"), dir.resolve("archive")) + logging);
  }

  /** Runs the agent until {@code log} shows it started, then stops it with SIGTERM. */
  private void runUntilStarted(Path config, Path stdout, Path log) throws Exception {
    Process process = sluice("run", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(stdout.toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(log) && Files.readString(log).contains(STARTED));
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void theLauncherLogsThroughTheShippedLogbackXml() throws Exception {
    Path stdout = dir.resolve("stdout.txt");

    runUntilStarted(config(""), stdout, stdout);

    assertThat(Files.readAllLines(stdout)).anySatisfy(line -> assertThat(line).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[main\\] io\\.sluice\\.cli\\.RunCommand - Sluice .*"
            + " starting config=.*"));
  }

  @Test
  void jsonLinesGoToTheConfiguredFileInsteadOfStdout() throws Exception {
    Path stdout = dir.resolve("stdout.txt");
    Path log = dir.resolve("logs/sluice.log");
    Files.createDirectories(log.getParent());

    runUntilStarted(config("""
        logging:
          format: json
          file:
            path: %s
        """.formatted(log)), stdout, log);

    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonNode event = json.readTree(line);
      assertThat(event.fieldNames()).toIterable().contains("timestamp", "level", "thread", "logger", "message");
    }
    assertThat(Files.readString(stdout)).doesNotContain(STARTED);
  }

  @Test
  void anUnknownLogLevelVariableRefusesToStartWithExitTwo() throws Exception {
    ProcessBuilder builder = sluice("run", "-c", config("").toString());
    builder.environment().put("SLUICE_LOG_LEVEL", "bogus");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");

    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err))
        .isEqualTo("SLUICE_LOG_LEVEL: must be one of error, warn, info, debug, trace, got \"bogus\"\n");
    assertThat(Files.readString(out)).isEmpty();
  }
}
