package io.sluice.config.input;

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

class ConnectionLimitsConfigTest {

  private static final String OUTPUTS = "outputs: [{name: a, type: local, directory: /tmp/x}]\n";

  private static SluiceConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of()).parse("test.yaml", yaml + OUTPUTS, Path.of("."));
  }

  @Test
  void bothInputsDefaultToLimitsSizedForTheShippedMemoryAndDescriptors() throws ConfigException {
    SluiceConfig config = parse("");

    for (ConnectionLimitsConfig limits : new ConnectionLimitsConfig[] {config.inputs().forward().connections(),
        config.inputs().http().connections()}) {
      assertThat(limits.max()).isEqualTo(4_096);
      assertThat(limits.maxPerSource()).isEqualTo(512);
      assertThat(limits.minTransferRate()).isEqualTo(ByteSize.ofBytes(1024));
      assertThat(limits.transferGrace()).isEqualTo(Duration.ofSeconds(10));
    }
    assertThat(config.inputs().forward().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void keysAreReadPerInput() throws ConfigException {
    SluiceConfig config = parse("""
        inputs:
          forward:
            handshake_timeout: 3s
            connections: {max: 100, max_per_source: 10, min_transfer_rate: 4KiB, transfer_grace: 30s}
          http:
            connections: {max: 50, min_transfer_rate: 0}
        """);

    assertThat(config.inputs().forward().connections())
        .isEqualTo(new ConnectionLimitsConfig(100, 10, ByteSize.ofBytes(4096), Duration.ofSeconds(30)));
    assertThat(config.inputs().forward().handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.inputs().http().connections())
        .isEqualTo(new ConnectionLimitsConfig(50, 512, ByteSize.ofBytes(0), Duration.ofSeconds(10)));
  }

  @Test
  void limitsMustBePositiveAndTheGraceAtLeastASecond() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
        inputs:
          http:
            connections: {max: 0, max_per_source: -1, transfer_grace: 100ms}
        """));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "inputs.http.connections.max", "inputs.http.connections.max_per_source",
        "inputs.http.connections.transfer_grace");
  }
}
