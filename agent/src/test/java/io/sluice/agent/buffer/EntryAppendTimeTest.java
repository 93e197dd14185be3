package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry carries the time the buffer appended it, so an output that reads it again after a restart puts its
 * records into the same arrival-time slices.
 */
class EntryAppendTimeTest {

  private static final Instant START = Instant.parse("2026-11-25T10:02:30.125Z");

  @TempDir
  Path dir;

  private final SetTimeProvider time = new SetTimeProvider(START);

  private ChronicleRecordBuffer open() {
    return ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of("s3"), new PrometheusRegistry(), time);
  }

  private static List<BufferedBatch> readAll(ChronicleRecordBuffer buffer) {
    try (BufferReader reader = buffer.openReader("s3")) {
      return Buffers.readAll(reader);
    }
  }

  @Test
  void anEntryIsReadBackWithTheMillisecondItWasAppendedAlsoAfterARestart() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      buffer.append(TestBatches.records("t", 2, 10, 1));
      time.advanceMillis(61_001);
      buffer.append(TestBatches.records("t", 2, 10, 2));
    }
    time.advanceMillis(3_600_000);

    try (ChronicleRecordBuffer reopened = open()) {
      assertThat(readAll(reopened)).extracting(BufferedBatch::appendedAtMillis)
          .containsExactly(START.toEpochMilli(), START.toEpochMilli() + 61_001);
    }
  }

  @Test
  void anEntryWrittenBeforeEntriesCarriedTheirTimeTakesTheStartOfItsRollCycle() throws Exception {
    Bytes<?> version1 = BatchCodecTest.version1(TestBatches.records("t", 3, 10, 3));
    try (SingleChronicleQueue queue = BufferQueues.open(Buffers.config(dir, 64L << 20), time);
        ExcerptAppender appender = queue.createAppender();
        DocumentContext document = appender.writingDocument()) {
      document.wire().bytes().write(version1);
    }

    try (ChronicleRecordBuffer buffer = open()) {
      // The default roll cycle is hourly: the entry's file started at 10:00.
      assertThat(readAll(buffer)).extracting(BufferedBatch::appendedAtMillis)
          .containsExactly(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
    }
  }
}
