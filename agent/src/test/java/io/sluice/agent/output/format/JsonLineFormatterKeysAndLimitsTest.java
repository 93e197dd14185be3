package io.sluice.agent.output.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import io.sluice.config.output.RecordFormatConfig;
import io.sluice.config.output.RecordFormatConfig.TimeFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePacker;

/**
 * Everything an input accepts is written: map keys of every msgpack type at every level (as text, the way Fluentd's
 * JSON output stringifies them), records nested up to {@link RecordLimits#MAX_DEPTH}, strings of any length, time
 * extensions that hold no representable time.
 */
class JsonLineFormatterKeysAndLimitsTest {

  private static final long NANOS = 1_795_619_509_123_456_789L;
  private static final String PREFIX = "{\"tag\":\"t\",\"time\":1795619509.123456789,";

  private final JsonLineFormatter formatter = new JsonLineFormatter(new RecordFormatConfig(null, null,
      TimeFormat.EPOCH));

  private String line(RecordEncoding encoding, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    formatter.format(new RecordBatch("t", List.of(new Record(NANOS, encoding, body))),
        (bytes, length, epochNanos) -> out.write(bytes, 0, length),
        (raw, offset, length, problem) -> {
          throw new AssertionError("rejected a record: " + problem);
        });
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code {"a": {<key>: "x"}}}: the key one level down. */
  private String nestedKey(Msgpack.Writes key) throws IOException {
    return line(RecordEncoding.MSGPACK, Msgpack.pack(packer -> {
      packer.packMapHeader(1).packString("a").packMapHeader(1);
      key.to(packer);
      packer.packString("x");
    }));
  }

  @Test
  void aBinaryKeyIsWrittenAsItsUtf8TextRepaired() throws IOException {
    assertThat(nestedKey(packer -> packer.packBinaryHeader(3).writePayload(new byte[] {'b', (byte) 0xFF, 'n'})))
        .isEqualTo(PREFIX + "\"a\":{\"b\uFFFDn\":\"x\"}}\n");
  }

  @Test
  void scalarKeysAreWrittenAsTheirText() throws IOException {
    assertThat(nestedKey(packer -> packer.packInt(-5))).isEqualTo(PREFIX + "\"a\":{\"-5\":\"x\"}}\n");
    assertThat(nestedKey(packer -> packer.packBigInteger(new BigInteger("18446744073709551615"))))
        .isEqualTo(PREFIX + "\"a\":{\"18446744073709551615\":\"x\"}}\n");
    assertThat(nestedKey(packer -> packer.packDouble(1.5))).isEqualTo(PREFIX + "\"a\":{\"1.5\":\"x\"}}\n");
    assertThat(nestedKey(packer -> packer.packBoolean(true))).isEqualTo(PREFIX + "\"a\":{\"true\":\"x\"}}\n");
    assertThat(nestedKey(MessagePacker::packNil)).isEqualTo(PREFIX + "\"a\":{\"null\":\"x\"}}\n");
  }

  @Test
  void anExtensionKeyIsWrittenAsItsCompactJson() throws IOException {
    assertThat(nestedKey(packer -> packer.packExtensionTypeHeader((byte) 42, 2).writePayload(new byte[] {1, 2})))
        .isEqualTo(PREFIX + "\"a\":{\"{\\\"type\\\":42,\\\"data\\\":\\\"AQI=\\\"}\":\"x\"}}\n");
  }

  @Test
  void aTimeKeyIsWrittenAsItsTime() throws IOException {
    assertThat(nestedKey(packer -> Msgpack.eventTime(packer, 1_795_619_509L, 5)))
        .isEqualTo(PREFIX + "\"a\":{\"1795619509.000000005\":\"x\"}}\n");
  }

  @Test
  void arrayAndMapKeysAreWrittenAsTheirCompactJson() throws IOException {
    assertThat(nestedKey(packer -> packer.packArrayHeader(2).packInt(1).packString("b")))
        .isEqualTo(PREFIX + "\"a\":{\"[1,\\\"b\\\"]\":\"x\"}}\n");
    assertThat(nestedKey(packer -> packer.packMapHeader(1).packBinaryHeader(1).writePayload(new byte[] {'k'})
        .packNil())).isEqualTo(PREFIX + "\"a\":{\"{\\\"k\\\":null}\":\"x\"}}\n");
  }

  @Test
  void aMapKeyInsideAMapKeyIsWrittenAsTheBase64OfItsMsgpack() throws IOException {
    // {"a": {{{"k": 1}: 2}: "x"}}: the inner key as JSON text inside JSON text would be escaped twice.
    assertThat(nestedKey(packer -> packer.packMapHeader(1).packMapHeader(1).packString("k").packInt(1).packInt(2)))
        .isEqualTo(PREFIX + "\"a\":{\"{\\\"gaFrAQ==\\\":2}\":\"x\"}}\n");
  }

  @Test
  void mapsKeyedByMapsAHundredLevelsDeepStayTheSizeOfTheRecord() throws IOException {
    // Found by HttpBodyFuzzTest: 40 such levels in a 110-byte record ran the JVM out of memory, each level's JSON
    // text escaping the quotes of the one inside it again.
    byte[] record = Msgpack.pack(packer -> {
      packer.packMapHeader(1);
      for (int i = 0; i < 100; i++) {
        packer.packMapHeader(1);
      }
      packer.packString("k").packInt(1);
      for (int i = 0; i < 100; i++) {
        packer.packInt(i);
      }
      packer.packString("x");
    });

    assertThat(line(RecordEncoding.MSGPACK, record).length()).isLessThan(100 * record.length);
  }

  @Test
  void topLevelKeysFollowTheSameRule() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(2);
      packer.packBinaryHeader(3).writePayload("bin".getBytes(StandardCharsets.UTF_8)).packInt(1);
      packer.packArrayHeader(0).packInt(2);
    });

    assertThat(line(RecordEncoding.MSGPACK, body)).isEqualTo(PREFIX + "\"bin\":1,\"[]\":2}\n");
  }

  @Test
  void aKeyFiveLevelsDownIsWritten() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(1).packString("a");
      for (int i = 0; i < 4; i++) {
        packer.packArrayHeader(1);
      }
      packer.packMapHeader(1).packExtensionTypeHeader((byte) 1, 0).packString("x");
    });

    assertThat(line(RecordEncoding.MSGPACK, body))
        .isEqualTo(PREFIX + "\"a\":[[[[{\"{\\\"type\\\":1,\\\"data\\\":\\\"\\\"}\":\"x\"}]]]]}\n");
  }

  @Test
  void aMsgpackRecordNestedToTheLimitIsWritten() throws IOException {
    // The record's map is level 1, so MAX_DEPTH - 1 arrays take it to the limit.
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(1).packString("a");
      for (int i = 1; i < RecordLimits.MAX_DEPTH; i++) {
        packer.packArrayHeader(1);
      }
      packer.packInt(7);
    });

    assertThat(line(RecordEncoding.MSGPACK, body)).isEqualTo(PREFIX + "\"a\":"
        + "[".repeat(RecordLimits.MAX_DEPTH - 1) + "7" + "]".repeat(RecordLimits.MAX_DEPTH - 1) + "}\n");
  }

  @Test
  void aJsonRecordNestedToTheLimitIsWritten() throws IOException {
    String nested = "[".repeat(RecordLimits.MAX_DEPTH - 1) + "]".repeat(RecordLimits.MAX_DEPTH - 1);

    assertThat(line(RecordEncoding.JSON, ("{\"a\":" + nested + "}").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PREFIX + "\"a\":" + nested + "}\n");
  }

  @Test
  void jsonStringsAndNamesLongerThanJacksonsDefaultsAreWritten() throws IOException {
    String value = "v".repeat(20_051_429);
    String name = "n".repeat(60_000);

    String line = line(RecordEncoding.JSON,
        ("{\"" + name + "\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8));

    assertThat(line).hasSize(PREFIX.length() + name.length() + value.length() + 7);
    assertThat(line).endsWith("\"" + name + "\":\"" + value + "\"}\n");
  }

  @Test
  void aJsonNumberAtTheLengthLimitIsWritten() throws IOException {
    String digits = "9".repeat(RecordLimits.MAX_NUMBER_LENGTH);

    assertThat(line(RecordEncoding.JSON, ("{\"n\":" + digits + "}").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PREFIX + "\"n\":" + digits + "}\n");
  }

  @Test
  void aTimestampOutOfRangeIsWrittenAsItsExtensionData() throws IOException {
    // timestamp96: nanos 0, seconds Long.MAX_VALUE, past what an Instant (and nanoseconds in a long) can hold
    byte[] payload = ByteBuffer.allocate(12).putInt(0).putLong(Long.MAX_VALUE).array();
    byte[] body = Msgpack.mapOf("ts", packer -> packer.packExtensionTypeHeader((byte) -1, 12).writePayload(payload));

    assertThat(line(RecordEncoding.MSGPACK, body))
        .isEqualTo(PREFIX + "\"ts\":{\"type\":-1,\"data\":\"AAAAAH//////////\"}}\n");
  }

  @Test
  void aTimestampOfAnInvalidLengthIsWrittenAsItsExtensionData() throws IOException {
    byte[] body = Msgpack.mapOf("ts", packer -> packer.packExtensionTypeHeader((byte) -1, 3)
        .writePayload(new byte[] {1, 2, 3}));

    assertThat(line(RecordEncoding.MSGPACK, body)).isEqualTo(PREFIX + "\"ts\":{\"type\":-1,\"data\":\"AQID\"}}\n");
  }

  @Test
  void timestampsOfEachLengthAreWrittenAsTimes() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(3);
      packer.packString("t32").packExtensionTypeHeader((byte) -1, 4)
          .writePayload(ByteBuffer.allocate(4).putInt(1_795_619_509).array());
      packer.packString("t64").packExtensionTypeHeader((byte) -1, 8)
          .writePayload(ByteBuffer.allocate(8).putLong(5L << 34 | 1_795_619_509L).array());
      packer.packString("t96").packExtensionTypeHeader((byte) -1, 12)
          .writePayload(ByteBuffer.allocate(12).putInt(6).putLong(-1).array());
    });

    assertThat(line(RecordEncoding.MSGPACK, body)).isEqualTo(PREFIX
        + "\"t32\":1795619509,\"t64\":1795619509.000000005,\"t96\":-0.999999994}\n");
  }
}
