package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MsgpackBodyReaderTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L, 7);

  private final MsgpackBodyReader reader = new MsgpackBodyReader();

  private List<Record> read(byte[] body, String timeKey) throws BadRequestException {
    return reader.read(body, EventTimes.forRequest(null, timeKey, ARRIVAL));
  }

  @Test
  void aMapIsOneRecordWithItsBytesAsSent() throws Exception {
    byte[] map = Msgpack.map("message", "hello", "level", 3);

    List<Record> records = read(map, null);

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.body()).isEqualTo(map);
      assertThat(record.encoding()).isEqualTo(RecordEncoding.MSGPACK);
      assertThat(record.epochNanos()).isEqualTo(1_700_000_000_000_000_007L);
    });
  }

  @Test
  void anArrayIsOneRecordPerMapSlicedExactly() throws Exception {
    byte[] first = Msgpack.map("n", 1);
    byte[] second = Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      packer.packString("nested");
      packer.packArrayHeader(2);
      packer.packNil();
      Msgpack.writeMap(packer, "x", "y");
    });
    byte[] body = HttpMessages.concat(new byte[] {(byte) 0x92}, first, second);

    assertThat(read(body, null)).extracting(Record::body).containsExactly(first, second);
  }

  @Test
  void aNonMapElementRejectsTheWholeArrayNamingTheElement() {
    byte[] body = Msgpack.pack(packer -> {
      packer.packArrayHeader(2);
      Msgpack.writeMap(packer, "n", 1);
      packer.packString("not a map");
    });

    assertThatThrownBy(() -> read(body, null))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("element 1 of the array is a string, not a map");
  }

  @Test
  void keysOfAnyTypeAreAcceptedAtEveryLevel() throws Exception {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(4);
      packer.packInt(1).packString("v");
      packer.packNil().packString("v");
      packer.packArrayHeader(1).packExtensionTypeHeader((byte) 5, 1).writePayload(new byte[] {9}).packString("v");
      packer.packString("inner").packMapHeader(2);
      packer.packBinaryHeader(1).writePayload(new byte[] {'b'}).packString("v");
      packer.packMapHeader(0).packString("v");
    });

    assertThat(read(body, null)).singleElement().extracting(Record::body).isEqualTo(body);
  }

  @Test
  void aBinaryKeyMayBeTheTimeKey() throws Exception {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      packer.packBinaryHeader(2).writePayload("ts".getBytes(StandardCharsets.UTF_8));
      packer.packLong(1_700_000_001L);
    });

    assertThat(read(body, "ts")).singleElement().extracting(Record::epochNanos)
        .isEqualTo(1_700_000_001_000_000_000L);
  }

  @Test
  void aTruncatedBodyIsRejected() {
    byte[] map = Msgpack.map("message", "hello");

    assertThatThrownBy(() -> read(Arrays.copyOf(map, map.length - 2), null))
        .hasMessage("the msgpack body ends in the middle of a value");
  }

  @Test
  void aStringLongerThanTheBodyIsRejectedWithoutAllocatingIt() {
    // 81 a1 'k' db 7f ff ff ff: {"k": <str32 of 2 GiB>} with no payload at all.
    byte[] body = {(byte) 0x81, (byte) 0xA1, 'k', (byte) 0xDB, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    assertThatThrownBy(() -> read(body, null)).hasMessage("the msgpack body ends in the middle of a value");
  }

  @Test
  void trailingDataIsRejected() {
    byte[] body = HttpMessages.concat(Msgpack.map("n", 1), new byte[] {0x01});

    assertThatThrownBy(() -> read(body, null)).hasMessage("unexpected data after the msgpack value at byte 4");
  }

  @Test
  void invalidUtf8InANestedStringIsRejected() {
    // 81 a1 'k' 91 a2 c0 af: {"k": ["<overlong '/'>"]}
    byte[] body = {(byte) 0x81, (byte) 0xA1, 'k', (byte) 0x91, (byte) 0xA2, (byte) 0xC0, (byte) 0xAF};

    assertThatThrownBy(() -> read(body, null)).hasMessage("a msgpack string is not valid UTF-8 at byte 5");
  }

  /** {@code {"a": [[...<nil>]]}} of {@code levels} levels, the record's map being the first. */
  private static byte[] nestedRecord(int levels) {
    return Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      packer.packString("a");
      for (int i = 1; i < levels; i++) {
        packer.packArrayHeader(1);
      }
      packer.packNil();
    });
  }

  @Test
  void aRecordNestedToTheLimitIsAccepted() throws Exception {
    assertThat(read(nestedRecord(RecordLimits.MAX_DEPTH), null)).hasSize(1);
  }

  @Test
  void nestingDeeperThanTheLimitIsRejected() {
    assertThatThrownBy(() -> read(nestedRecord(RecordLimits.MAX_DEPTH + 1), null))
        .hasMessage("the msgpack nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
  }

  @Test
  void nestingDeeperThanTheLimitInsideAKeyIsRejected() {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      for (int i = 1; i < RecordLimits.MAX_DEPTH + 1; i++) {
        packer.packArrayHeader(1);
      }
      packer.packNil();
      packer.packString("v");
    });

    assertThatThrownBy(() -> read(body, null))
        .hasMessage("the msgpack nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
  }

  @Test
  void anUnusedFormatByteIsRejectedWithItsOffset() {
    // 81 a1 'k' c1: 0xc1 is the one byte msgpack never uses.
    byte[] body = {(byte) 0x81, (byte) 0xA1, 'k', (byte) 0xC1};

    assertThatThrownBy(() -> read(body, null)).hasMessageStartingWith("invalid msgpack at byte 3: ");
  }

  @Test
  void aStringLongerThanAnArrayCanHoldIsRefusedWithAReasonNotNull() {
    // {str32 of 0xc411938b bytes: ...}: the library's MessageSizeException carries no message
    byte[] body = {(byte) 0x81, (byte) 0xDB, (byte) 0xC4, 0x11, (byte) 0x93, (byte) 0x8B};

    assertThatThrownBy(() -> read(body, null))
        .hasMessage("invalid msgpack at byte 6: malformed data (MessageSizeException)");
  }

  @Test
  void theTimeKeyMayBeAnIntegerAFloatOrAString() throws Exception {
    byte[] body = Msgpack.pack(packer -> {
      packer.packArrayHeader(4);
      Msgpack.writeMap(packer, "ts", 1_700_000_001L);
      Msgpack.writeMap(packer, "ts", 1_700_000_001.5);
      Msgpack.writeMap(packer, "ts", "2023-11-14T22:13:20.000000001Z", "m", 1);
      Msgpack.writeMap(packer, "m", 1);
    });

    assertThat(read(body, "ts")).extracting(Record::epochNanos).containsExactly(
        1_700_000_001_000_000_000L, 1_700_000_001_500_000_000L, 1_700_000_000_000_000_001L,
        1_700_000_000_000_000_007L);
  }

  @Test
  void aTimeKeyOfTheWrongTypeIsRejected() {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      packer.packString("ts");
      packer.packBoolean(true);
    });

    assertThatThrownBy(() -> read(body, "ts"))
        .hasMessage("the map: time_key \"ts\" holds a boolean, expected epoch seconds or an ISO-8601 string");
  }

  @Test
  void aScalarBodyIsRejected() {
    assertThatThrownBy(() -> read(new byte[] {0x2A}, null))
        .hasMessage("the body must be a msgpack map or an array of maps, not an integer");
  }
}
