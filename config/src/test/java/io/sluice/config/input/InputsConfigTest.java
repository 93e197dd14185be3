package io.sluice.config.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code inputs.memory_budget}: read from YAML, defaulted when absent, checked against the frame and body limits. */
class InputsConfigTest {

  private static final String OUTPUTS = """
      outputs:
        - name: main
          bucket: my-logs
      """;

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private SluiceConfig parse(String yaml) throws ConfigException {
    return loader.parse("test.yaml", yaml, Path.of("."));
  }

  @Test
  void theMemoryBudgetDefaultsTo256MiB() throws ConfigException {
    assertThat(parse(OUTPUTS).inputs().memoryBudget()).isEqualTo(ByteSize.ofMebibytes(256));
  }

  @Test
  void theMemoryBudgetIsReadAsWritten() throws ConfigException {
    SluiceConfig config = parse("inputs:\n  memory_budget: 1GiB\n" + OUTPUTS);

    assertThat(config.inputs().memoryBudget()).isEqualTo(ByteSize.parse("1GiB"));
  }

  @Test
  void aBudgetSmallerThanOneFrameIsAProblem() {
    ConfigException problem = catchThrowableOfType(ConfigException.class,
        () -> parse("inputs:\n  memory_budget: 32MiB\n" + OUTPUTS));

    assertThat(problem.problems()).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("inputs.memory_budget",
            "must be at least inputs.forward.max_frame_size (64MiB), got 32MiB"));
  }

  @Test
  void aBudgetSmallerThanOneHttpBodyIsAProblemWhileHttpIsOn() throws ConfigException {
    String yaml = """
        inputs:
          memory_budget: 16MiB
          forward: {max_frame_size: 8MiB}
          http: {body_limit: 32MiB%s}
        """;

    assertThat(catchThrowableOfType(ConfigException.class, () -> parse(yaml.formatted("") + OUTPUTS)).problems())
        .extracting(ConfigProblem::message)
        .containsExactly("must be at least inputs.http.body_limit (32MiB), got 16MiB");
    assertThat(parse(yaml.formatted(", enabled: false") + OUTPUTS).inputs().memoryBudget())
        .isEqualTo(ByteSize.ofMebibytes(16));
  }

  @Test
  void aZeroBudgetIsAProblem() {
    assertThat(catchThrowableOfType(ConfigException.class, () -> parse("inputs:\n  memory_budget: 0\n" + OUTPUTS))
        .problems()).extracting(ConfigProblem::message).contains("must be positive");
  }
}
