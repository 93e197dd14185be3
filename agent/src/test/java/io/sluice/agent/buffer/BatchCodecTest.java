package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class BatchCodecTest {

  private static final long APPENDED_AT_MILLIS = 1_795_622_400_123L;

  private static Bytes<?> encode(EventBatch batch) {
    BatchCodec.Encodable entry = BatchCodec.prepare(batch);
    Bytes<?> bytes = Bytes.elasticHeapByteBuffer();
    entry.writeTo(bytes, APPENDED_AT_MILLIS);
    assertThat(bytes.readRemaining()).isEqualTo(entry.length());
    return bytes;
  }

  @Test
  void aRecordBatchReadsBackWithEveryFieldAndByteEqualBodies() {
    RecordBatch batch = TestBatches.records("app.äöü", 5, 300, 1);

    EventBatch read = BatchCodec.read(encode(batch));

    assertThat(TestBatches.contentOf(read)).isEqualTo(TestBatches.contentOf(batch));
  }

  @Test
  void packedEntriesReadBackWithTheirEventCountAndByteEqualEntries() {
    PackedEntries batch = TestBatches.packed("fwd", 17, 4096, 2);

    EventBatch read = BatchCodec.read(encode(batch));

    assertThat(TestBatches.contentOf(read)).isEqualTo(TestBatches.contentOf(batch));
  }

  @Test
  void emptyBodiesAndAnEmptyBatchSurvive() {
    RecordBatch batch = new RecordBatch("", List.of(new Record(0, RecordEncoding.MSGPACK, new byte[0])));

    assertThat(TestBatches.contentOf(BatchCodec.read(encode(batch)))).isEqualTo(TestBatches.contentOf(batch));
    assertThat(BatchCodec.read(encode(new RecordBatch("t", List.of())))).isEqualTo(new RecordBatch("t", List.of()));
  }

  @Test
  void theLengthIsExactSoTheBudgetCountsWhatIsWritten() {
    // version, kind, append time, tag length + "t", count, then per record: nanos, encoding, length + 3 body bytes
    RecordBatch batch = new RecordBatch("t", List.of(new Record(1, RecordEncoding.JSON, new byte[] {'{', '}', '\n'})));

    assertThat(BatchCodec.prepare(batch).length()).isEqualTo(1 + 1 + 8 + 4 + 1 + 4 + (8 + 1 + 4 + 3));
  }

  @Test
  void theAppendTimeReadsBackWithTheBatch() {
    BatchCodec.Decoded decoded = BatchCodec.decode(encode(TestBatches.records("t", 2, 10, 6)));

    assertThat(decoded.appendedAtMillis()).isEqualTo(APPENDED_AT_MILLIS);
  }

  @Test
  void anEntryOfVersion1ReadsBackWithAnUnknownAppendTime() {
    RecordBatch batch = TestBatches.records("app.web", 3, 20, 7);

    BatchCodec.Decoded decoded = BatchCodec.decode(version1(batch));

    assertThat(TestBatches.contentOf(decoded.batch())).isEqualTo(TestBatches.contentOf(batch));
    assertThat(decoded.appendedAtMillis()).isEqualTo(BatchCodec.UNKNOWN_APPEND_TIME);
  }

  /** {@code batch} as a version 1 entry, written before entries carried their append time. */
  static Bytes<?> version1(EventBatch batch) {
    Bytes<?> current = encode(batch);
    Bytes<?> old = Bytes.elasticHeapByteBuffer();
    old.writeByte(BatchCodec.VERSION_WITHOUT_APPEND_TIME);
    old.writeByte(current.readByte(1));
    for (long at = 2 + Long.BYTES; at < current.readLimit(); at++) {
      old.writeByte(current.readByte(at));
    }
    return old;
  }

  @Test
  void anUnknownVersionIsRejected() {
    Bytes<?> bytes = encode(TestBatches.records("t", 1, 10, 3));
    bytes.writeByte(0, (byte) 9);

    assertThatIllegalArgumentException().isThrownBy(() -> BatchCodec.read(bytes)).withMessageContaining("version 9");
  }

  @Test
  void aBodyLengthPastTheEndIsRejected() {
    Bytes<?> bytes = encode(TestBatches.records("t", 1, 10, 4));
    bytes.readLimit(bytes.readLimit() - 1);

    assertThatIllegalArgumentException().isThrownBy(() -> BatchCodec.read(bytes))
        .withMessageContaining("record body length 10 does not fit");
  }

  @Test
  void bytesAfterTheBatchAreRejected() {
    Bytes<?> bytes = encode(TestBatches.packed("t", 1, 10, 5));
    bytes.writeByte((byte) 0);

    assertThatIllegalArgumentException().isThrownBy(() -> BatchCodec.read(bytes))
        .withMessageContaining("1 bytes after the end");
  }
}
