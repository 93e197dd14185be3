package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LambdaTimeTest {

  @Test
  void epochSecondsDropTrailingZerosLikeJavaScript() {
    assertThat(LambdaTime.epochSeconds(Instant.parse("2023-07-14T11:35:12.987Z"))).isEqualTo("1689334512.987");
    assertThat(LambdaTime.epochSeconds(Instant.parse("2023-07-14T11:35:12.100Z"))).isEqualTo("1689334512.1");
    assertThat(LambdaTime.epochSeconds(Instant.parse("2023-07-14T11:35:12Z"))).isEqualTo("1689334512");
  }

  @Test
  void readableTimeIsZeroPaddedUtcWithSecondsTruncated() {
    assertThat(LambdaTime.readable(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("2026-01-02 03:04:05");
  }
}
