package io.sluice.agent.output.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.config.output.RecordFormatConfig;
import io.sluice.config.output.RecordFormatConfig.TimeFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {

  /** 2026-11-25T15:11:49.123456789Z. */
  private static final long SECONDS = 1_795_619_509L;
  private static final long NANOS = SECONDS * 1_000_000_000L + 123_456_789L;
  private static final String PREFIX = "{\"tag\":\"app.web\",\"time\":\"2026-11-25T15:11:49.123Z\",";

  private final JsonLineFormatter iso = new JsonLineFormatter(new RecordFormatConfig(null, null, null));
  private final JsonLineFormatter epoch = new JsonLineFormatter(new RecordFormatConfig(null, null, TimeFormat.EPOCH));

  private static String lines(JsonLineFormatter formatter, EventBatch batch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    formatter.format(batch, (bytes, length, epochNanos) -> out.write(bytes, 0, length),
        (raw, offset, length, problem) -> {
          throw new AssertionError("rejected a record: " + problem);
        });
    return out.toString(StandardCharsets.UTF_8);
  }

  private static RecordBatch msgpack(byte[] body) {
    return new RecordBatch("app.web", List.of(new Record(NANOS, RecordEncoding.MSGPACK, body)));
  }

  private static RecordBatch json(String body) {
    return json(body.getBytes(StandardCharsets.UTF_8));
  }

  private static RecordBatch json(byte[] body) {
    return new RecordBatch("app.web", List.of(new Record(NANOS, RecordEncoding.JSON, body)));
  }

  @Test
  void msgpackNilBecomesNull() throws IOException {
    assertThat(lines(iso, msgpack(Msgpack.mapOf("k", packer -> packer.packNil())))).isEqualTo(PREFIX + "\"k\":null}\n");
  }

  @Test
  void msgpackBooleansStayBooleans() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(2);
      packer.packString("yes").packBoolean(true);
      packer.packString("no").packBoolean(false);
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"yes\":true,\"no\":false}\n");
  }

  @Test
  void msgpackIntegersKeepTheirValueUpToUint64() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(3);
      packer.packString("small").packInt(-7);
      packer.packString("long").packLong(Long.MIN_VALUE);
      packer.packString("uint64").packBigInteger(new BigInteger("18446744073709551615"));
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX
        + "\"small\":-7,\"long\":-9223372036854775808,\"uint64\":18446744073709551615}\n");
  }

  @Test
  void msgpackFloatsBecomeJsonNumbers() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(2);
      packer.packString("f32").packFloat(1.5f);
      packer.packString("f64").packDouble(0.1);
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"f32\":1.5,\"f64\":0.1}\n");
  }

  @Test
  void msgpackStringsAreEscapedAsJson() throws IOException {
    byte[] body = Msgpack.mapOf("msg", packer -> packer.packString("say \"hi\"\n\u00e9\u4e16"));

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"msg\":\"say \\\"hi\\\"\\n\u00e9\u4e16\"}\n");
  }

  @Test
  void invalidUtf8InAMsgpackStringIsRepairedNotDropped() throws IOException {
    // "a", a lone continuation byte 0x80, "b", a truncated two-byte sequence 0xC3: two replacement characters.
    byte[] broken = {'a', (byte) 0x80, 'b', (byte) 0xC3};
    byte[] body = Msgpack.mapOf("msg", packer -> {
      packer.packRawStringHeader(broken.length);
      packer.writePayload(broken);
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"msg\":\"a\uFFFDb\uFFFD\"}\n");
  }

  @Test
  void msgpackBinaryBecomesBase64() throws IOException {
    byte[] body = Msgpack.mapOf("raw", packer -> {
      packer.packBinaryHeader(4);
      packer.writePayload(new byte[] {1, 2, 3, (byte) 250});
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"raw\":\"AQID+g==\"}\n");
  }

  @Test
  void msgpackArraysKeepTheirOrderAndTypes() throws IOException {
    byte[] body = Msgpack.mapOf("list", packer -> {
      packer.packArrayHeader(3);
      packer.packInt(1).packString("two").packNil();
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"list\":[1,\"two\",null]}\n");
  }

  @Test
  void nestedMapsKeepTheirKeysIncludingOnesNamedTagAndTime() throws IOException {
    byte[] body = Msgpack.mapOf("http", packer -> {
      packer.packMapHeader(2);
      packer.packString("tag").packString("inner");
      packer.packString("status").packInt(200);
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"http\":{\"tag\":\"inner\",\"status\":200}}\n");
  }

  @Test
  void msgpackExtensionBecomesItsTypeAndBase64Data() throws IOException {
    byte[] body = Msgpack.mapOf("ext", packer -> {
      packer.packExtensionTypeHeader((byte) 42, 3);
      packer.writePayload(new byte[] {1, 2, 3});
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"ext\":{\"type\":42,\"data\":\"AQID\"}}\n");
  }

  @Test
  void eventTimeInsideARecordIsWrittenInTheTimeFormat() throws IOException {
    byte[] body = Msgpack.mapOf("seen", packer -> Msgpack.eventTime(packer, SECONDS, 5));

    assertThat(lines(epoch, msgpack(body))).endsWith("\"seen\":1795619509.000000005}\n");
  }

  @Test
  void msgpackRecordsOwnTagAndTimeAreReplaced() throws IOException {
    byte[] body = Msgpack.pack(packer -> {
      packer.packMapHeader(3);
      packer.packString("time").packString("yesterday");
      packer.packString("msg").packString("hi");
      packer.packString("tag").packString("spoofed");
    });

    assertThat(lines(iso, msgpack(body))).isEqualTo(PREFIX + "\"msg\":\"hi\"}\n");
  }

  @Test
  void jsonRecordsPassThroughWithTheirOwnTagAndTimeReplaced() throws IOException {
    String body = "{\"tag\":\"spoofed\",\"a\":{\"tag\":\"kept\",\"b\":[true,false,null]},\"time\":1,\"c\":\"d\"}";

    assertThat(lines(iso, json(body)))
        .isEqualTo(PREFIX + "\"a\":{\"tag\":\"kept\",\"b\":[true,false,null]},\"c\":\"d\"}\n");
  }

  @Test
  void jsonNumbersKeepTheirExactText() throws IOException {
    String body = "{\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890}";

    assertThat(lines(iso, json(body)))
        .isEqualTo(PREFIX + "\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890}\n");
  }

  @Test
  void invalidUtf8InAJsonRecordIsRepairedNotDropped() throws IOException {
    byte[] body = {'{', '"', 'm', '"', ':', '"', 'x', (byte) 0xFF, 'y', '"', '}'};

    assertThat(lines(iso, json(body))).isEqualTo(PREFIX + "\"m\":\"x\uFFFDy\"}\n");
  }

  @Test
  void loneSurrogateEscapeInJsonIsRepaired() throws IOException {
    assertThat(lines(iso, json("{\"m\":\"a\\ud800b\"}"))).isEqualTo(PREFIX + "\"m\":\"a\uFFFDb\"}\n");
  }

  @Test
  void emptyTagAndTimeKeysLeaveTagAndTimeOut() throws IOException {
    JsonLineFormatter bare = new JsonLineFormatter(new RecordFormatConfig("", "", null));

    assertThat(lines(bare, json("{\"tag\":\"own\",\"time\":3}"))).isEqualTo("{\"tag\":\"own\",\"time\":3}\n");
  }

  @Test
  void configuredKeysNameTheTagAndTime() throws IOException {
    JsonLineFormatter custom = new JsonLineFormatter(new RecordFormatConfig("@tag", "@ts", TimeFormat.EPOCH));

    assertThat(lines(custom, json("{\"tag\":\"own\"}")))
        .isEqualTo("{\"@tag\":\"app.web\",\"@ts\":1795619509.123456789,\"tag\":\"own\"}\n");
  }

  @Test
  void unreadableRecordIsSkippedAndCountedWhileTheOthersAreWritten() throws IOException {
    RecordBatch batch = new RecordBatch("app.web", List.of(
        new Record(NANOS, RecordEncoding.JSON, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
        new Record(NANOS, RecordEncoding.JSON, "{\"n\":".getBytes(StandardCharsets.UTF_8)),
        new Record(NANOS, RecordEncoding.MSGPACK, new byte[] {(byte) 0x93, 1}),
        new Record(NANOS, RecordEncoding.JSON, "{\"n\":4}".getBytes(StandardCharsets.UTF_8))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<byte[]> rejected = new ArrayList<>();

    FormatResult result = iso.format(batch, (bytes, length, epochNanos) -> out.write(bytes, 0, length),
        (raw, offset, length, problem) -> rejected.add(Arrays.copyOfRange(raw, offset, offset + length)));

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(PREFIX + "\"n\":1}\n" + PREFIX + "\"n\":4}\n");
    assertThat(result.records()).isEqualTo(2);
    assertThat(result.malformed()).isEqualTo(2);
    assertThat(rejected).containsExactly("{\"n\":".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x93, 1});
  }

  @Test
  void packedEventTimeKeepsItsNanoseconds() throws IOException {
    byte[] entries = Msgpack.pack(packer -> {
      packer.packArrayHeader(2);
      Msgpack.eventTime(packer, SECONDS, 123_456_789);
      packer.packMapHeader(1).packString("n").packInt(1);
    });

    assertThat(lines(epoch, new PackedEntries("app.web", 1, entries)))
        .isEqualTo("{\"tag\":\"app.web\",\"time\":1795619509.123456789,\"n\":1}\n");
  }

  @Test
  void packedIntegerAndFloatTimesAreSeconds() throws IOException {
    byte[] entries = Msgpack.pack(packer -> {
      packer.packArrayHeader(2).packLong(SECONDS).packMapHeader(0);
      packer.packArrayHeader(2).packDouble(SECONDS + 0.25).packMapHeader(0);
    });

    assertThat(lines(epoch, new PackedEntries("app.web", 2, entries))).isEqualTo(
        "{\"tag\":\"app.web\",\"time\":1795619509}\n{\"tag\":\"app.web\",\"time\":1795619509.25}\n");
  }

  @Test
  void aBadPackedEntryCostsOnlyItself() throws IOException {
    byte[] entries = Msgpack.pack(packer -> {
      packer.packArrayHeader(2).packLong(SECONDS).packMapHeader(1).packString("n").packInt(1);
      packer.packArrayHeader(2).packString("not a time").packMapHeader(0);
      packer.packArrayHeader(2).packLong(SECONDS).packMapHeader(1).packString("n").packInt(3);
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<byte[]> rejected = new ArrayList<>();

    FormatResult result = epoch.format(new PackedEntries("app.web", 3, entries),
        (bytes, length, epochNanos) -> out.write(bytes, 0, length),
        (raw, offset, length, problem) -> rejected.add(Arrays.copyOfRange(raw, offset, offset + length)));

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "{\"tag\":\"app.web\",\"time\":1795619509,\"n\":1}\n{\"tag\":\"app.web\",\"time\":1795619509,\"n\":3}\n");
    assertThat(result.malformed()).isEqualTo(1);
    assertThat(rejected).singleElement().isEqualTo(Msgpack.pack(packer ->
        packer.packArrayHeader(2).packString("not a time").packMapHeader(0)));
  }

  @Test
  void sameBytesAlwaysGiveTheSameLines() throws IOException {
    byte[] body = Msgpack.mapOf("k", packer -> packer.packString("v"));

    assertThat(lines(iso, msgpack(body))).isEqualTo(lines(new JsonLineFormatter(new RecordFormatConfig(null, null,
        null)), msgpack(body.clone())));
  }
}
