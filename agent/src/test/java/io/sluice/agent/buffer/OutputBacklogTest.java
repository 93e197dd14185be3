package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each output's backlog: the bytes and records after its own shipped mark, and when the oldest of them was
 * appended; exact while running and after a restart, with the restart's cycle-start bound on the time.
 */
class OutputBacklogTest {

  private static final Instant START = Instant.parse("2026-11-25T10:02:30Z");

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SetTimeProvider time = new SetTimeProvider(START);

  private ChronicleRecordBuffer open() {
    return ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of("s3", "archive"), registry, time);
  }

  /** Appends a 2-record, a 3-record and a 5-event packed batch, 10 s apart; returns them as read back. */
  private List<BufferedBatch> appendThreeBatches(ChronicleRecordBuffer buffer) throws Exception {
    buffer.append(TestBatches.records("t", 2, 100, 1));
    time.advanceMillis(10_000);
    buffer.append(TestBatches.records("t", 3, 100, 2));
    time.advanceMillis(10_000);
    buffer.append(TestBatches.packed("t", 5, 300, 3));
    try (BufferReader reader = buffer.openReader("s3")) {
      return Buffers.readAll(reader);
    }
  }

  private static long bytesOf(List<BufferedBatch> batches) {
    return batches.stream().mapToLong(BufferedBatch::sizeBytes).sum();
  }

  @Test
  void eachOutputsBacklogIsTheBytesAndRecordsAfterItsOwnShippedMark() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> batches = appendThreeBatches(buffer);

      buffer.markShipped("s3", batches.get(0).index());

      assertThat(buffer.backlog("s3").bytes()).isEqualTo(bytesOf(batches.subList(1, 3)));
      assertThat(buffer.backlog("s3").records()).isEqualTo(8);
      assertThat(buffer.backlog("archive").bytes()).isEqualTo(bytesOf(batches));
      assertThat(buffer.backlog("archive").records()).isEqualTo(10);
    }
  }

  @Test
  void theOldestAppendTimeIsThatOfTheFirstEntryAfterTheMark() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> batches = appendThreeBatches(buffer);

      buffer.markShipped("s3", batches.get(0).index());

      assertThat(buffer.backlog("s3").oldestAppended()).isEqualTo(START.plusSeconds(10));
      assertThat(buffer.backlog("archive").oldestAppended()).isEqualTo(START);
    }
  }

  @Test
  void anOutputThatShippedEverythingHasAnEmptyBacklog() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> batches = appendThreeBatches(buffer);

      buffer.markShipped("s3", batches.get(2).index());

      assertThat(buffer.backlog("s3")).isEqualTo(Backlog.EMPTY);
    }
  }

  @Test
  void entriesAppendedAfterEverythingWasShippedStartANewBacklogDatedToTheirAppend() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> batches = appendThreeBatches(buffer);
      buffer.markShipped("s3", batches.get(2).index());
      time.advanceMillis(60_000);

      buffer.append(TestBatches.records("t", 4, 10, 4));

      assertThat(buffer.backlog("s3").records()).isEqualTo(4);
      assertThat(buffer.backlog("s3").oldestAppended()).isEqualTo(START.plusSeconds(80));
    }
  }

  @Test
  void afterARestartTheBacklogCountsTheKeptEntriesDatedToTheStartOfTheirCycle() throws Exception {
    List<BufferedBatch> batches;
    try (ChronicleRecordBuffer buffer = open()) {
      batches = appendThreeBatches(buffer);
    }

    try (ChronicleRecordBuffer buffer = open()) {
      buffer.markShipped("s3", batches.get(0).index());

      assertThat(buffer.backlog("s3")).isEqualTo(
          new Backlog(bytesOf(batches.subList(1, 3)), 8, Instant.parse("2026-11-25T10:00:00Z")));
      assertThat(buffer.backlog("archive").records()).isEqualTo(10);
    }
  }

  @Test
  void anOutputFirstSeenAfterOpenHasEverythingKeptAsItsBacklog() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> batches = appendThreeBatches(buffer);

      buffer.openReader("late").close();

      assertThat(buffer.backlog("late").bytes()).isEqualTo(bytesOf(batches));
      assertThat(buffer.backlog("late").records()).isEqualTo(10);
    }
  }

  @Test
  void theBacklogStaysExactWhenShippedCycleFilesAreDeleted() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> firstCycle = appendThreeBatches(buffer);
      time.advanceMillis(300_000);
      buffer.append(TestBatches.records("t", 6, 10, 5));
      buffer.markShipped("s3", firstCycle.get(2).index());

      buffer.markShipped("archive", firstCycle.get(2).index());

      assertThat(Buffers.cycleFiles(dir)).hasSize(1);
      assertThat(buffer.backlog("s3").records()).isEqualTo(6);
      assertThat(buffer.backlog("archive").records()).isEqualTo(6);
      assertThat(buffer.backlog("archive").bytes()).isEqualTo(buffer.unshippedBytes());
    }
  }

  @Test
  void anOutputTheBufferDoesNotKnowHasNoBacklog() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      appendThreeBatches(buffer);

      assertThat(buffer.backlog("unknown")).isEqualTo(Backlog.EMPTY);
    }
  }
}
