package io.sluice.loader.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(7));

  @Test
  void delaysDoubleWithJitterBetweenHalfAndAllOfTheStep() {
    for (int retry = 1; retry <= 4; retry++) {
      long step = 100L << (retry - 1);
      assertThat(backoff.delay(retry)).isBetween(Duration.ofMillis(step / 2), Duration.ofMillis(step));
    }
  }

  @Test
  void delaysStopGrowingAtTheCap() {
    assertThat(backoff.delay(1_000)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
  }
}
