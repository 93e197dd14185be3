package io.sluice.config.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import io.sluice.config.logging.LoggingConfig.LogFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingConfigTest {

  private static final String OUTPUTS = """
      outputs:
        - name: main
          bucket: my-logs
      """;

  private static SluiceConfig parse(Map<String, String> environment, String yaml) throws ConfigException {
    return new ConfigLoader(environment).parse("test.yaml", OUTPUTS + yaml, Path.of("."));
  }

  private static List<ConfigProblem> problemsOf(Map<String, String> environment, String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(environment, yaml)).problems();
  }

  @Test
  void absentSectionLogsInfoAsTextOnStdout() throws ConfigException {
    LoggingConfig logging = parse(Map.of(), "").logging();

    assertThat(logging.level()).isEqualTo(LogLevel.INFO);
    assertThat(logging.levels()).isEmpty();
    assertThat(logging.format()).isEqualTo(LogFormat.TEXT);
    assertThat(logging.file()).isNull();
  }

  @Test
  void levelsFormatAndFileAreRead() throws ConfigException {
    LoggingConfig logging = parse(Map.of(), """
        logging:
          level: WARN
          levels:
            io.sluice.agent.input: debug
            software.amazon.awssdk: Error
          format: json
          file:
            path: /var/log/sluice/sluice.log
        """).logging();

    assertThat(logging.level()).isEqualTo(LogLevel.WARN);
    assertThat(logging.levels()).containsExactly(Map.entry("io.sluice.agent.input", LogLevel.DEBUG),
        Map.entry("software.amazon.awssdk", LogLevel.ERROR));
    assertThat(logging.format()).isEqualTo(LogFormat.JSON);
    assertThat(logging.file().path()).isEqualTo(Path.of("/var/log/sluice/sluice.log"));
    assertThat(logging.file().maxSize()).isEqualTo(ByteSize.ofMebibytes(100));
    assertThat(logging.file().maxFiles()).isEqualTo(10);
  }

  @Test
  void unknownLevelIsAProblemNamingTheAllowedOnes() {
    assertThat(problemsOf(Map.of(), """
        logging:
          level: verbose
          levels:
            io.sluice: loud
        """)).satisfiesExactly(
            level -> {
              assertThat(level.path()).isEqualTo("logging.level");
              assertThat(level.message()).startsWith("expected one of error, warn, info, debug, trace, got \"verbose\"");
            },
            single -> {
              assertThat(single.path()).isEqualTo("logging.levels.io.sluice");
              assertThat(single.message()).startsWith("expected one of error, warn, info, debug, trace, got \"loud\"");
            });
  }

  @Test
  void levelVariableOverridesTheFile() throws ConfigException {
    LoggingConfig logging = parse(Map.of("SLUICE_LOG_LEVEL", "Debug"), "logging: {level: error}\n").logging();

    assertThat(logging.level()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void badLevelVariableIsAProblemInsteadOfSilentlyInfo() {
    assertThat(problemsOf(Map.of("SLUICE_LOG_LEVEL", "bogus"), "")).singleElement().satisfies(problem -> {
      assertThat(problem.path()).isEqualTo("logging.level");
      assertThat(problem.message()).isEqualTo(
          "SLUICE_LOG_LEVEL (which overrides this) must be one of error, warn, info, debug, trace, got \"bogus\"");
    });
  }

  @Test
  void fileNeedsAPathAndAtMostTwentyRotatedFiles() {
    assertThat(problemsOf(Map.of(), """
        logging:
          file:
            max_size: 10
            max_files: 21
        """)).extracting(ConfigProblem::path).containsExactlyInAnyOrder("logging.file.path",
            "logging.file.max_size", "logging.file.max_files");
  }
}
