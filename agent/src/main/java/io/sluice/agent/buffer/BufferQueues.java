package io.sluice.agent.buffer;

import io.sluice.config.buffer.BufferConfig;
import io.sluice.config.buffer.BufferConfig.RollCycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Opens the Chronicle queue of a buffer configuration: {@code <buffer.directory>/queue}. */
final class BufferQueues {

  /**
   * Chronicle caps one entry at a quarter of its block size. 256 MiB blocks let one entry hold a 64 MiB forward
   * frame or the largest HTTP body; cycle files are sparse, so the larger block costs address space, not disk.
   */
  static final long BLOCK_SIZE = 256L << 20;

  /** The largest entry a queue of {@link #BLOCK_SIZE} blocks holds. */
  static final long MAX_ENTRY_BYTES = BLOCK_SIZE / 4;

  private BufferQueues() {}

  /**
   * Opens (creating if needed) the queue under {@code config.directory()}.
   *
   * @param time Chronicle's clock, which decides the roll cycle each append lands in
   * @throws UncheckedIOException when the directory cannot be created
   */
  static SingleChronicleQueue open(BufferConfig config, TimeProvider time) {
    Path directory = queueDirectory(config);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the buffer queue directory " + directory, e);
    }
    return SingleChronicleQueueBuilder.single(directory.toFile())
        .rollCycle(chronicleRollCycle(config.rollCycle()))
        .timeProvider(time)
        .blockSize(BLOCK_SIZE)
        // Durability is QueueFsync's job (it forces whole files, outside the writer lock); Chronicle's own
        // msync on unmapping would only add latency.
        .syncMode(SyncMode.NONE)
        .build();
  }

  static Path queueDirectory(BufferConfig config) {
    return config.directory().resolve("queue");
  }

  /**
   * The Chronicle roll cycle for a configured one. Chronicle's plain HOURLY and DAILY are its legacy layouts
   * (LegacyRollCycles); FAST_HOURLY and FAST_DAILY are the current ones, with larger index arrays. An existing
   * queue keeps the cycle it was created with: Chronicle reads it from the queue's metadata.
   */
  static RollCycles chronicleRollCycle(RollCycle rollCycle) {
    return switch (rollCycle) {
      case FIVE_MINUTELY -> RollCycles.FIVE_MINUTELY;
      case TEN_MINUTELY -> RollCycles.TEN_MINUTELY;
      case HALF_HOURLY -> RollCycles.HALF_HOURLY;
      case HOURLY -> RollCycles.FAST_HOURLY;
      case TWO_HOURLY -> RollCycles.TWO_HOURLY;
      case FOUR_HOURLY -> RollCycles.FOUR_HOURLY;
      case DAILY -> RollCycles.FAST_DAILY;
    };
  }
}
