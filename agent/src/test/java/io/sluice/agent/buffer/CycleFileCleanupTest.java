package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipped roll-cycle files are deleted, and only those: every registered output must have shipped past every
 * entry of a file, no reader may still have it mapped, and the file being written stays. Chronicle's clock is
 * set by hand, so the five-minute cycle rolls when the test says.
 */
class CycleFileCleanupTest {

  private static final String[] FILES = {"20261125-1000V.cq4", "20261125-1005V.cq4", "20261125-1010V.cq4",
      "20261125-1015V.cq4"};

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-11-25T10:00:00Z"));
  private ChronicleRecordBuffer buffer;
  /** The indexes appended in each of the four cycles, three per cycle. */
  private final List<List<Long>> cycles = new ArrayList<>();

  @BeforeEach
  void appendThreeBatchesInEachOfFourCycles() throws Exception {
    buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of("s3", "archive"), registry, time);
    try (BufferReader reader = buffer.openReader("s3")) {
      for (int cycle = 0; cycle < 4; cycle++) {
        for (int i = 0; i < 3; i++) {
          buffer.append(TestBatches.records("t", 2, 100, cycle * 10 + i));
        }
        cycles.add(Buffers.indexesOf(Buffers.readAll(reader)));
        time.advanceMillis(TimeUnit.MINUTES.toMillis(5));
      }
    }
    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES);
  }

  @AfterEach
  void close() {
    buffer.close();
  }

  private long last(int cycle) {
    return cycles.get(cycle).get(2);
  }

  @Test
  void aFileIsDeletedOnlyOnceEveryOutputHasShippedPastAllOfIt() {
    buffer.markShipped("s3", last(2));
    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES);

    buffer.markShipped("archive", cycles.get(1).get(1));
    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[1], FILES[2], FILES[3]);

    buffer.markShipped("archive", last(1));
    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[2], FILES[3]);
    assertThat(Buffers.metric(registry, "sluice_buffer_deleted_files")).isEqualTo(2);
  }

  @Test
  void theNewestFileStaysWhenEverythingIsShipped() {
    buffer.markShipped("s3", last(3));
    buffer.markShipped("archive", last(3));

    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[3]);
    assertThat(buffer.unshippedBytes()).isZero();
  }

  @Test
  void aFileAReaderStillHasMappedIsDeletedOnceTheReaderMovedOn() {
    try (BufferReader lagging = buffer.openReader("s3")) {
      lagging.seekAfter(cycles.get(0).get(0));
      buffer.markShipped("s3", last(1));
      buffer.markShipped("archive", last(1));
      assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[0], FILES[2], FILES[3]);

      lagging.seekAfter(last(2));
      assertThat(lagging.next().index()).isEqualTo(cycles.get(3).get(0));
      buffer.markShipped("s3", last(2));
      buffer.markShipped("archive", last(2));
      assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[3]);
    }
  }

  @Test
  void aReaderSeekingAfterAnIndexInADeletedFileStartsAtTheNextKeptEntry() {
    buffer.markShipped("s3", last(1));
    buffer.markShipped("archive", last(1));

    try (BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(cycles.get(0).get(1));

      assertThat(Buffers.indexesOf(Buffers.readAll(reader)))
          .containsExactly(cycles.get(2).get(0), cycles.get(2).get(1), last(2), cycles.get(3).get(0),
              cycles.get(3).get(1), last(3));
    }
  }

  @Test
  void deletedFilesStayDeletedAndTheBudgetStaysRightAfterReopening() {
    buffer.markShipped("s3", last(1));
    buffer.markShipped("archive", last(1));
    long unshipped = buffer.unshippedBytes();
    buffer.close();

    buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of("s3", "archive"), registry, time);

    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES[2], FILES[3]);
    assertThat(buffer.unshippedBytes()).isEqualTo(unshipped);
  }
}
