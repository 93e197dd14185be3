package io.sluice.config.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The buffer's disk-space settings: read from YAML, defaulted when absent, checked. */
class BufferConfigTest {

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
  void diskReserveAndCheckIntervalAreReadAsWritten() throws ConfigException {
    SluiceConfig config = parse("""
        buffer:
          disk_reserve: 1GiB
          disk_check_interval: 250ms
        """ + OUTPUTS);

    assertThat(config.buffer().diskReserve()).isEqualTo(ByteSize.parse("1GiB"));
    assertThat(config.buffer().diskCheckInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void absentDiskSettingsKeep256MibFreeAndCheckEverySecond() throws ConfigException {
    BufferConfig buffer = parse(OUTPUTS).buffer();

    assertThat(buffer.diskReserve()).isEqualTo(ByteSize.ofMebibytes(256));
    assertThat(buffer.diskCheckInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aZeroDiskCheckIntervalIsAProblemAtItsPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
        buffer:
          disk_check_interval: 0s
        """ + OUTPUTS));

    assertThat(e.problems()).extracting(ConfigProblem::toString)
        .anySatisfy(problem -> assertThat(problem).contains("buffer.disk_check_interval: must be positive"));
  }
}
