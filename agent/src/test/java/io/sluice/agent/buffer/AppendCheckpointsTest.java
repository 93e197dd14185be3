package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Append times to the second: one checkpoint per second with appends, trimmed as outputs ship. */
class AppendCheckpointsTest {

  private final AppendCheckpoints checkpoints = new AppendCheckpoints();

  @Test
  void entriesOfOneSecondShareOneCheckpoint() {
    for (long index = 0; index < 1_000; index++) {
      checkpoints.note(index, 100);
    }

    assertThat(checkpoints.size()).isEqualTo(1);
    assertThat(checkpoints.appendedAfter(500)).isEqualTo(Instant.ofEpochSecond(100));
  }

  @Test
  void theEntryAfterAnIndexIsDatedByTheSecondItWasAppendedIn() {
    checkpoints.note(10, 100);
    checkpoints.note(11, 100);
    checkpoints.note(20, 105);
    checkpoints.note(30, 110);

    assertThat(checkpoints.appendedAfter(-1)).isEqualTo(Instant.ofEpochSecond(100));
    assertThat(checkpoints.appendedAfter(11)).isEqualTo(Instant.ofEpochSecond(105));
    assertThat(checkpoints.appendedAfter(25)).isEqualTo(Instant.ofEpochSecond(110));
    assertThat(checkpoints.appendedAfter(30)).isNull();
  }

  @Test
  void trimmingDropsTheSecondsWhoseEntriesAreAllShipped() {
    for (int second = 0; second < 200; second++) {
      checkpoints.note(second * 10L, second);
      checkpoints.note(second * 10L + 9, second);
    }

    checkpoints.trimThrough(1_509);

    assertThat(checkpoints.size()).isEqualTo(49);
    assertThat(checkpoints.appendedAfter(1_509)).isEqualTo(Instant.ofEpochSecond(151));
  }

  @Test
  void aTrimmedRingKeepsNotingAndGrowingInOrder() {
    // Far past the first capacity, trimmed every third second: the ring wraps many times.
    for (int second = 0; second < 1_000; second++) {
      checkpoints.note(second, second);
      if (second % 3 == 0) {
        checkpoints.trimThrough(second - 2);
      }
    }

    assertThat(checkpoints.size()).isEqualTo(2);
    assertThat(checkpoints.appendedAfter(997)).isEqualTo(Instant.ofEpochSecond(998));
    assertThat(checkpoints.appendedAfter(998)).isEqualTo(Instant.ofEpochSecond(999));
  }
}
