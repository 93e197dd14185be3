package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;

class ForwardMessagesTest {

  private static final long NANOS = Frames.SECONDS * 1_000_000_000L;

  private final ForwardMessages messages = new ForwardMessages(1024 * 1024);

  @Test
  void messageModeKeepsTheRecordBytesAsReceived() throws Exception {
    ForwardMessage message = messages.parse(Frames.message("app.web", "hello", null));

    RecordBatch batch = (RecordBatch) message.batch();
    assertThat(batch.tag()).isEqualTo("app.web");
    assertThat(batch.records()).singleElement().satisfies(record -> {
      assertThat(record.epochNanos()).isEqualTo(NANOS);
      assertThat(record.encoding()).isEqualTo(RecordEncoding.MSGPACK);
      assertThat(record.body()).isEqualTo(Frames.record("hello"));
    });
    assertThat(message.chunk()).isNull();
  }

  @Test
  void forwardModeKeepsEventTimeNanoseconds() throws Exception {
    ForwardMessage message = messages.parse(Frames.forward("app", Map.of("size", 2), "one", "two"));

    assertThat(((RecordBatch) message.batch()).records()).extracting(Record::epochNanos)
        .containsExactly(NANOS, NANOS + 1);
  }

  @Test
  void eventTimeAsExt8AndFloatTimesAreRead() throws Exception {
    // [ "t", ext8(len 8, type 0: 1 s, 5 ns), {} ] and [ "t", 1.5, {} ]
    byte[] ext8 = {(byte) 0x93, (byte) 0xa1, 't', (byte) 0xc7, 8, 0, 0, 0, 0, 1, 0, 0, 0, 5, (byte) 0x80};
    byte[] float64 = Frames.pack(packer -> packer.packArrayHeader(3).packString("t").packDouble(1.5).packMapHeader(0));

    assertThat(((RecordBatch) messages.parse(ext8).batch()).records().get(0).epochNanos()).isEqualTo(1_000_000_005L);
    assertThat(((RecordBatch) messages.parse(float64).batch()).records().get(0).epochNanos())
        .isEqualTo(1_500_000_000L);
  }

  @Test
  void packedForwardEntriesAreKeptWhetherStrOrBin() throws Exception {
    byte[] entries = Frames.entries("a", "b", "c");
    for (boolean asBin : new boolean[] {true, false}) {
      ForwardMessage message = messages.parse(Frames.packed("app", entries, asBin, Map.of("size", 3)));

      PackedEntries packed = (PackedEntries) message.batch();
      assertThat(packed.tag()).isEqualTo("app");
      assertThat(packed.eventCount()).isEqualTo(3);
      assertThat(packed.entries()).isEqualTo(entries);
    }
  }

  @Test
  void entriesThatAreNotUtf8AreKeptByteForByte() throws Exception {
    // A str whose bytes are not UTF-8 (an EventTime holds arbitrary bytes): decoding would corrupt it.
    byte[] entries = Frames.pack(packer -> {
      packer.packArrayHeader(2);
      Frames.eventTime(packer, 0xFFFF_FFFEL, 0xC3);
      packer.packMapHeader(0);
    });
    PackedEntries packed = (PackedEntries) messages.parse(Frames.packed("app", entries, false, null)).batch();
    assertThat(packed.entries()).isEqualTo(entries);
  }

  @Test
  void compressedEntriesMayBeSeveralGzipMembers() throws Exception {
    byte[] first = Frames.entries("a", "b");
    byte[] second = Frames.entries("c");
    byte[] gzip = Frames.concat(Frames.gzip(first), Frames.gzip(second));

    PackedEntries packed = (PackedEntries) messages.parse(
        Frames.packed("app", gzip, true, Map.of("compressed", "gzip", "size", 3))).batch();

    assertThat(packed.eventCount()).isEqualTo(3);
    assertThat(packed.entries()).isEqualTo(Frames.concat(first, second));
  }

  @Test
  void packedSizeMayBeTheEntriesByteLengthAsFluencySendsIt() throws Exception {
    byte[] entries = Frames.entries("a", "b");
    PackedEntries packed = (PackedEntries) messages.parse(
        Frames.packed("app", entries, false, Map.of("size", entries.length))).batch();
    assertThat(packed.eventCount()).isEqualTo(2);
  }

  @Test
  void textCompressionAndUnknownOptionsChangeNothing() throws Exception {
    byte[] entries = Frames.entries("a");
    PackedEntries packed = (PackedEntries) messages.parse(
        Frames.packed("app", entries, true, Map.of("compressed", "text", "fluent_signal", 0))).batch();
    assertThat(packed.entries()).isEqualTo(entries);
  }

  @Test
  void theChunkIsKeptAsItsMsgpackBytes() throws Exception {
    ForwardMessage message = messages.parse(Frames.message("app", "x", Map.of("chunk", "abc")));
    assertThat(message.chunk()).containsExactly(0xa3, 'a', 'b', 'c');
  }

  @Test
  void malformedMessagesAreProtocolErrors() {
    byte[] goodEntries = Frames.entries("a");
    assertRejected(Frames.pack(p -> p.packMapHeader(0)), "not an array");
    assertRejected(Frames.pack(p -> p.packArrayHeader(3).packInt(1).packInt(1).packMapHeader(0)), "tag");
    assertRejected(Frames.pack(p -> p.packArrayHeader(3).packString("t").packString("x").packMapHeader(0)),
        "an entry");
    assertRejected(Frames.pack(p -> p.packArrayHeader(3).packString("t").packInt(1).packArrayHeader(0)),
        "not a map");
    assertRejected(Frames.pack(p -> p.packArrayHeader(3).packString("t").packNil().packMapHeader(0)), "time");
    // fixext4 of type 0: an EventTime must have 8 bytes
    assertRejected(new byte[] {(byte) 0x93, (byte) 0xa1, 't', (byte) 0xd6, 0, 0, 0, 0, 1, (byte) 0x80}, "8");
    assertRejected(Frames.packed("t", goodEntries, true, Map.of("size", 2)), "size");
    assertRejected(Frames.forward("t", Map.of("size", 1), "a", "b"), "size");
    assertRejected(Frames.packed("t", goodEntries, true, Map.of("compressed", "gzip")), "gzip");
    assertRejected(Frames.packed("t", new byte[] {(byte) 0x92, 1}, true, null), "msgpack");
    assertRejected(Frames.packed("t", goodEntries, true, Map.of("compressed", "zstd")), "zstd");
    assertRejected(Frames.forward("t", Map.of("chunk", 5), "a"), "chunk");
    assertRejected(Frames.pack(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(1)
        .packInt(1)), "entry");
  }

  /** {@code {"a": [[...<nil>]]}} of {@code levels} levels, the record's map being the first. */
  private static void nestedRecord(MessageBufferPacker packer, int levels) throws IOException {
    packer.packMapHeader(1).packString("a");
    for (int i = 1; i < levels; i++) {
      packer.packArrayHeader(1);
    }
    packer.packNil();
  }

  /** The same record in each mode: Message, Forward and PackedForward. */
  private static List<byte[]> inEveryMode(Frames.PackerWriter record) {
    byte[] entries = Frames.pack(p -> {
      p.packArrayHeader(2).packLong(Frames.SECONDS);
      record.write(p);
    });
    return List.of(
        Frames.pack(p -> {
          p.packArrayHeader(3).packString("t").packLong(Frames.SECONDS);
          record.write(p);
        }),
        Frames.concat(Frames.pack(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1)), entries),
        Frames.packed("t", entries, true, null));
  }

  @Test
  void keysOfAnyTypeAreAcceptedAtEveryLevel() throws Exception {
    Frames.PackerWriter record = p -> {
      p.packMapHeader(3);
      p.packInt(1).packString("v");
      p.packBinaryHeader(1).writePayload(new byte[] {'b'});
      p.packMapHeader(1).packExtensionTypeHeader((byte) 7, 0).packNil();
      p.packArrayHeader(0).packString("v");
    };
    for (byte[] frame : inEveryMode(record)) {
      assertThat(messages.parse(frame).batch().eventCount()).isEqualTo(1);
    }
  }

  @Test
  void recordsNestedToTheLimitAreAcceptedInEveryMode() throws Exception {
    for (byte[] frame : inEveryMode(p -> nestedRecord(p, RecordLimits.MAX_DEPTH))) {
      assertThat(messages.parse(frame).batch().eventCount()).isEqualTo(1);
    }
  }

  @Test
  void recordsNestedPastTheLimitAreRefusedInEveryMode() {
    for (byte[] frame : inEveryMode(p -> nestedRecord(p, RecordLimits.MAX_DEPTH + 1))) {
      assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
          .hasMessage("a record nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
    }
  }

  @Test
  void nestingPastTheLimitInsideAKeyIsRefused() {
    Frames.PackerWriter record = p -> {
      p.packMapHeader(1);
      for (int i = 1; i < RecordLimits.MAX_DEPTH + 1; i++) {
        p.packArrayHeader(1);
      }
      p.packNil().packString("v");
    };
    for (byte[] frame : inEveryMode(record)) {
      assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
          .hasMessage("a record nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
    }
  }

  @Test
  void aTimestampOfAnInvalidLengthIsRefusedAsAnEventTime() {
    byte[] frame = Frames.pack(p -> {
      p.packArrayHeader(3).packString("t").packExtensionTypeHeader((byte) -1, 3).writePayload(new byte[3]);
      p.packMapHeader(0);
    });

    assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
        .hasMessage("a timestamp has 3 bytes instead of 4, 8 or 12");
  }

  @Test
  void aTimestampPastWhatNanosecondsHoldIsRefusedAsOutOfRange() {
    byte[] frame = Frames.pack(p -> {
      p.packArrayHeader(3).packString("t").packExtensionTypeHeader((byte) -1, 12)
          .writePayload(ByteBuffer.allocate(12).putInt(0).putLong(Long.MAX_VALUE).array());
      p.packMapHeader(0);
    });

    assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
        .hasMessage("an event time is out of range or not finite");
  }

  @Test
  void compressedEntriesInflatingPastTheLimitAreRefused() {
    ForwardMessages small = new ForwardMessages(1024);
    byte[] entries = Frames.entries("x".repeat(4096));
    assertThatThrownBy(() -> small.parse(Frames.packed("t", Frames.gzip(entries), true,
        Map.of("compressed", "gzip")))).isInstanceOf(ForwardProtocolException.class).hasMessageContaining("1024");
  }

  @Test
  void aMessageOfTheWrongTypeIsNamedWithItsArticle() {
    assertThatThrownBy(() -> messages.parse(Frames.pack(p -> p.packInt(7))))
        .hasMessage("a message is an integer, not an array");
  }

  @Test
  void anEntryOfTheWrongTypeIsNamedWithItsArticle() {
    // The hostile suite's 256 MiB bomb inflated to zeros: each zero byte is the integer 0 where an entry belongs.
    byte[] frame = Frames.pack(p -> p.packArrayHeader(2).packString("t").packBinaryHeader(1).writePayload(new byte[1]));

    assertThatThrownBy(() -> messages.parse(frame))
        .hasMessage("an entry is an integer, not [time, record]");
  }

  @Test
  void anOptionOfTheWrongTypeIsNamedWithItsArticle() {
    byte[] frame = Frames.pack(p -> {
      p.packArrayHeader(4).packString("t").packInt(1).packMapHeader(0);
      p.packInt(7);
    });

    assertThatThrownBy(() -> messages.parse(frame)).hasMessage("the option is an integer, not a map");
  }

  @Test
  void anEventTimeOfTheWrongTypeIsNamedWithItsArticle() {
    byte[] frame = Frames.pack(p -> p.packArrayHeader(3).packString("t").packBoolean(true).packMapHeader(0));

    assertThatThrownBy(() -> messages.parse(frame)).hasMessageStartingWith("an event time is a boolean");
  }

  @Test
  void aStringLongerThanAnArrayCanHoldIsRefusedWithAReasonNotNull() {
    // [str32 of 0xc411938b bytes, ...]: the library's MessageSizeException carries no message
    byte[] frame = {(byte) 0x92, (byte) 0xDB, (byte) 0xC4, 0x11, (byte) 0x93, (byte) 0x8B};

    assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
        .hasMessage("a message is not valid msgpack: malformed data (MessageSizeException)");
  }

  private void assertRejected(byte[] frame, String reason) {
    assertThatThrownBy(() -> messages.parse(frame)).isInstanceOf(ForwardProtocolException.class)
        .hasMessageContaining(reason);
  }
}
