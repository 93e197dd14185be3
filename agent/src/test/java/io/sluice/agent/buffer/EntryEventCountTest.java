package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.EventBatch;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The event count the backlog reads from an entry's header, without decoding it or moving the reader. */
class EntryEventCountTest {

  private static final long APPENDED_AT_MILLIS = 1_795_622_400_000L;

  private static Bytes<?> encode(EventBatch batch) {
    BatchCodec.Encodable entry = BatchCodec.prepare(batch);
    Bytes<?> bytes = Bytes.elasticHeapByteBuffer();
    entry.writeTo(bytes, APPENDED_AT_MILLIS);
    return bytes;
  }

  @Test
  void aRecordBatchCountsItsRecordsAndStaysReadable() {
    Bytes<?> bytes = encode(TestBatches.records("app.web", 7, 50, 1));

    assertThat(BatchCodec.eventCount(bytes)).isEqualTo(7);
    assertThat(BatchCodec.read(bytes).eventCount()).isEqualTo(7);
  }

  @Test
  void packedEntriesCountTheEventsTheySayTheyHold() {
    assertThat(BatchCodec.eventCount(encode(TestBatches.packed("fwd", 40, 500, 2)))).isEqualTo(40);
  }

  @Test
  void anEntryOfAnUnknownVersionCountsNoEvents() {
    Bytes<?> bytes = encode(TestBatches.records("t", 3, 10, 3));
    bytes.writeByte(0, (byte) 0);

    assertThat(BatchCodec.eventCount(bytes)).isZero();
  }

  @Test
  void anEntryOfVersion1WithoutAnAppendTimeCountsItsRecords() {
    assertThat(BatchCodec.eventCount(BatchCodecTest.version1(TestBatches.records("app.web", 5, 20, 6)))).isEqualTo(5);
  }

  @Test
  void anEntryCutInsideItsTagCountsNoEvents() {
    Bytes<?> bytes = encode(TestBatches.records("a.long.tag.name", 3, 10, 4));
    bytes.readLimit(10);

    assertThat(BatchCodec.eventCount(bytes)).isZero();
  }
}
