package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypesTest {

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({"4096, 4096", "64MiB, 67108864", "64m, 67108864", "10MB, 10000000", "1.5KiB, 1536", "2 GiB, 2147483648"})
  void sizesParse(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void sizePrintsInTheLargestExactBinaryUnit() {
    assertThat(ByteSize.parse("64MiB")).hasToString("64MiB");
    assertThat(ByteSize.parse("10MB")).hasToString("10000000B");
  }

  @Test
  void nonsenseIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageStartingWith("expected a size");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"30, PT30S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "1h30m, PT1H30M", "250ms, PT0.25S"})
  void durationsParse(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @Test
  void durationsPrintAsTheyAreWritten() {
    assertThat(Durations.format(Duration.parse("PT1H30M"))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }

  @Test
  void nonsenseIsNotADuration() {
    assertThatThrownBy(() -> Durations.parse("soon")).hasMessageStartingWith("expected a duration");
  }

  @Test
  void secretNeverPrintsItsValue() {
    assertThat(Secret.of("hunter2")).hasToString("<redacted>");
  }
}
