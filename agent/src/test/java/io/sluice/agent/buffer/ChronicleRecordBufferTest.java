package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.EventBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending and reading back: what goes in comes out, byte for byte and in order. */
class ChronicleRecordBufferTest {

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private ChronicleRecordBuffer open() {
    return ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of(), registry);
  }

  @Test
  void bothBatchKindsReadBackByteExactInOrderWithIncreasingIndexes() throws Exception {
    List<EventBatch> appended = List.of(
        TestBatches.records("app.web", 3, 200, 1),
        TestBatches.packed("fwd.db", 40, 5000, 2),
        TestBatches.records("app.web", 1, 0, 3),
        TestBatches.packed("fwd.db", 1, 1, 4));
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      for (EventBatch batch : appended) {
        buffer.append(batch);
      }

      List<BufferedBatch> read = Buffers.readAll(reader);

      assertThat(TestBatches.contentsOf(Buffers.batchesOf(read))).isEqualTo(TestBatches.contentsOf(appended));
      assertThat(Buffers.indexesOf(read)).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void nextReturnsNullWhenNothingNewIsThereAndPicksUpLaterAppends() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      assertThat(reader.next()).isNull();

      buffer.append(TestBatches.records("t", 1, 10, 1));

      assertThat(reader.next()).isNotNull();
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void theSizesOfTheReadBatchesAddUpToWhatTheBudgetCounts() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      buffer.append(TestBatches.records("t", 10, 100, 1));
      buffer.append(TestBatches.packed("t", 3, 777, 2));

      long sizes = Buffers.readAll(reader).stream().mapToLong(BufferedBatch::sizeBytes).sum();

      assertThat(sizes).isEqualTo(buffer.unshippedBytes()).isGreaterThan(10 * 100 + 777);
    }
  }

  @Test
  void appendingCountsBatchesEventsAndBytes() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      buffer.append(TestBatches.records("t", 10, 100, 1));
      buffer.append(TestBatches.packed("t", 3, 777, 2));

      assertThat(Buffers.metric(registry, "sluice_buffer_appended_batches")).isEqualTo(2);
      assertThat(Buffers.metric(registry, "sluice_buffer_appended_events")).isEqualTo(13);
      assertThat(Buffers.metric(registry, "sluice_buffer_appended_bytes")).isEqualTo(buffer.unshippedBytes());
      assertThat(Buffers.metric(registry, "sluice_buffer_unshipped_bytes")).isEqualTo(buffer.unshippedBytes());
    }
  }

  @Test
  void aBatchOverTheQueueEntryLimitIsRefusedAndTheBufferStaysUsable() throws Exception {
    try (ChronicleRecordBuffer buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 1L << 30), Set.of(), registry);
        BufferReader reader = buffer.openReader("s3")) {
      assertThatThrownBy(() -> buffer.append(TestBatches.packed("t", 1, 65 << 20, 1)))
          .isInstanceOf(BatchTooLargeException.class)
          .hasMessageContaining("can never fit").hasMessageContaining("67108864");
      buffer.append(TestBatches.records("t", 1, 10, 2));

      assertThat(Buffers.readAll(reader)).hasSize(1);
      assertThat(Buffers.metric(registry, "sluice_buffer_refused_batches", "reason", "too_large")).isEqualTo(1);
    }
  }

  @Test
  void aCorruptEntryIsReportedWithItsIndexUntilTheOutputSkipsIt() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      buffer.append(TestBatches.records("t", 1, 10, 1));
    }
    try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir.resolve("queue"))
        .rollCycle(RollCycles.FIVE_MINUTELY).build(); ExcerptAppender appender = queue.createAppender()) {
      appender.writeBytes(Bytes.from("not a batch"));
    }

    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      assertThat(reader.next()).isNotNull();
      CorruptEntryException corrupt = catchThrowableOfType(CorruptEntryException.class, reader::next);
      assertThat(corrupt).hasMessageContaining("unknown entry version");
      assertThat(catchThrowableOfType(CorruptEntryException.class, reader::next).index()).isEqualTo(corrupt.index());

      reader.seekAfter(corrupt.index());
      buffer.append(TestBatches.records("t", 1, 10, 2));

      assertThat(reader.next().index()).isGreaterThan(corrupt.index());
    }
  }

  @Test
  void closeIsIdempotentAndLaterAppendsFail() {
    ChronicleRecordBuffer buffer = open();
    buffer.close();
    buffer.close();

    assertThat(buffer.isAccepting()).isFalse();
    assertThatIllegalStateException().isThrownBy(() -> buffer.append(TestBatches.records("t", 1, 1, 1)))
        .withMessageContaining("closed");
  }

  @Test
  void closingUnregistersTheMetricsSoTheBufferCanBeReopenedOnTheSameRegistry() throws Exception {
    open().close();

    try (ChronicleRecordBuffer buffer = open()) {
      buffer.append(TestBatches.records("t", 1, 1, 1));

      assertThat(Buffers.metric(registry, "sluice_buffer_appended_batches")).isEqualTo(1);
    }
  }
}
