package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.buffer.BufferConfig.RollCycle;
import java.nio.file.Path;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BufferQueuesTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({
      "FIVE_MINUTELY, FIVE_MINUTELY",
      "TEN_MINUTELY, TEN_MINUTELY",
      "HALF_HOURLY, HALF_HOURLY",
      "HOURLY, FAST_HOURLY",
      "TWO_HOURLY, TWO_HOURLY",
      "FOUR_HOURLY, FOUR_HOURLY",
      "DAILY, FAST_DAILY"})
  void eachConfiguredRollCycleMapsToChroniclesCurrentLayout(RollCycle configured, RollCycles chronicle) {
    assertThat(BufferQueues.chronicleRollCycle(configured)).isEqualTo(chronicle);
  }

  @Test
  void theQueueLivesInAQueueDirectoryUnderTheBufferDirectoryWithTheConfiguredCycle() {
    try (SingleChronicleQueue queue = BufferQueues.open(Buffers.config(dir.resolve("buffer"), 1 << 20),
        SystemTimeProvider.INSTANCE)) {
      assertThat(queue.file().toPath()).isEqualTo(dir.resolve("buffer").resolve("queue"));
      assertThat(queue.rollCycle()).isEqualTo(RollCycles.FIVE_MINUTELY);
    }
  }
}
