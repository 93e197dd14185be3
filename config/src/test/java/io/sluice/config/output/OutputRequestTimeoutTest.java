package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputRequestTimeoutTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private OutputConfig output(String extra) throws ConfigException {
    return loader.parse("test.yaml", """
        outputs:
          - name: main
            bucket: my-logs
        """ + extra, Path.of(".")).outputs().get(0);
  }

  @Test
  void eachS3RequestMayTakeTwoMinutesByDefault() throws ConfigException {
    assertThat(output("").requestTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void requestTimeoutIsReadAsADuration() throws ConfigException {
    assertThat(output("    request_timeout: 30s\n").requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void requestTimeoutUnderASecondIsRefused() {
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> output("    request_timeout: 0s\n"));

    assertThat(refused.problems()).extracting(ConfigProblem::path).containsExactly("outputs[0].request_timeout");
  }
}
