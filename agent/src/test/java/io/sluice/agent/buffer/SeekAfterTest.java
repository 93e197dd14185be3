package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.EventBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output resumes from its own committed index: the reader returns exactly the entries after it. */
class SeekAfterTest {

  @TempDir
  Path dir;

  private final List<EventBatch> appended = new ArrayList<>();
  private final List<Long> indexes = new ArrayList<>();

  private ChronicleRecordBuffer open() {
    return ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of(), new PrometheusRegistry());
  }

  @BeforeEach
  void appendTen() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      for (int i = 0; i < 10; i++) {
        EventBatch batch = TestBatches.records("t", 2, 64, i);
        buffer.append(batch);
        appended.add(batch);
      }
      indexes.addAll(Buffers.indexesOf(Buffers.readAll(reader)));
    }
  }

  @Test
  void seekAfterAnIndexReturnsTheEntriesAfterItOnly() {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(indexes.get(3));

      List<BufferedBatch> read = Buffers.readAll(reader);

      assertThat(Buffers.indexesOf(read)).isEqualTo(indexes.subList(4, 10));
      assertThat(TestBatches.contentsOf(Buffers.batchesOf(read)))
          .isEqualTo(TestBatches.contentsOf(appended.subList(4, 10)));
    }
  }

  @Test
  void seekAfterWorksOnAReopenedQueueAndAgainAfterReadingAhead() {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(indexes.get(6));
      assertThat(Buffers.indexesOf(Buffers.readAll(reader))).isEqualTo(indexes.subList(7, 10));

      // An upload failed: the output rewinds to what it committed.
      reader.seekAfter(indexes.get(1));
      assertThat(Buffers.indexesOf(Buffers.readAll(reader))).isEqualTo(indexes.subList(2, 10));
    }
  }

  @Test
  void seekAfterTheLastIndexReturnsOnlyWhatIsAppendedLater() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(indexes.get(9));
      assertThat(reader.next()).isNull();

      EventBatch later = TestBatches.packed("t", 1, 10, 99);
      buffer.append(later);

      BufferedBatch next = reader.next();
      assertThat(next.index()).isGreaterThan(indexes.get(9));
      assertThat(TestBatches.contentOf(next.batch())).isEqualTo(TestBatches.contentOf(later));
    }
  }

  @Test
  void seekAfterNoIndexStartsAtTheOldestEntry() {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(indexes.get(5));
      reader.seekAfter(BufferReader.NO_INDEX);

      assertThat(Buffers.indexesOf(Buffers.readAll(reader))).isEqualTo(indexes);
    }
  }
}
