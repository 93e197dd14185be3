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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The single-pass paths write exactly the bytes the generator path writes (lines, rejected records and counts), over
 * many generated records, odd ones included: escapes, invalid UTF-8, lone surrogates, deep nesting, big and odd
 * numbers, bin and ext values, non-str keys, the record's own tag and time keys, truncated and trailing bytes.
 */
class JsonLineFormatterSinglePassTest {

  private static final int BATCHES = 5_000;

  private static final RecordFormatConfig[] CONFIGS = {
      new RecordFormatConfig(null, null, null),
      new RecordFormatConfig(null, null, TimeFormat.EPOCH),
      new RecordFormatConfig("", "", null),
      new RecordFormatConfig("", "@timestamp", null),
      new RecordFormatConfig("k\"ey\u2028", "", TimeFormat.EPOCH),
  };

  private static final String[] TAGS = {"app.web", "t\u00e9\"\\g\u0001", "", "bad\ud800tag", "\ud83d\ude00"};

  private static final String[] KEYS = {"host", "tag", "time", "@timestamp", "k\"ey\u2028", "", "\u00e9\u4e16",
      "a\\b", "msg", "\ud83d\ude00", "ctl\u0007", "x/y"};

  @Test
  void packedForwardEntriesAreWrittenAsTheGeneratorWritesThem() throws IOException {
    Random random = new Random(14);
    for (int i = 0; i < BATCHES; i++) {
      MessageBufferPacker entries = MessagePack.newDefaultBufferPacker();
      int count = 1 + random.nextInt(6);
      for (int e = 0; e < count; e++) {
        packEntry(entries, random);
      }
      byte[] bytes = entries.toByteArray();
      if (random.nextInt(10) == 0) {
        bytes = mangled(bytes, random);
      }
      assertSameOutput(new PackedEntries(TAGS[random.nextInt(TAGS.length)], count, bytes), random);
    }
  }

  @Test
  void msgpackRecordsAreWrittenAsTheGeneratorWritesThem() throws IOException {
    Random random = new Random(1414);
    for (int i = 0; i < BATCHES; i++) {
      List<Record> records = new ArrayList<>();
      for (int r = 1 + random.nextInt(5); r > 0; r--) {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        if (random.nextInt(20) == 0) {
          packValue(packer, random, 1);
        } else {
          packMap(packer, random, 1, true);
        }
        byte[] body = packer.toByteArray();
        if (random.nextInt(10) == 0) {
          body = mangled(body, random);
        }
        records.add(new Record(time(random), RecordEncoding.MSGPACK, body));
      }
      assertSameOutput(new RecordBatch(TAGS[random.nextInt(TAGS.length)], records), random);
    }
  }

  @Test
  void jsonRecordsAreWrittenAsTheGeneratorWritesThem() throws IOException {
    Random random = new Random(141414);
    for (int i = 0; i < BATCHES; i++) {
      List<Record> records = new ArrayList<>();
      for (int r = 1 + random.nextInt(5); r > 0; r--) {
        StringBuilder json = new StringBuilder();
        space(json, random);
        jsonObject(json, random, 1, true);
        space(json, random);
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0) {
          body = mangled(body, random);
        }
        records.add(new Record(time(random), RecordEncoding.JSON, body));
      }
      assertSameOutput(new RecordBatch(TAGS[random.nextInt(TAGS.length)], records), random);
    }
  }

  @Test
  void recordsAHandWrittenParserMightGetWrongAreWrittenAsTheGeneratorWritesThem() throws IOException {
    String[] bodies = {
        "{}", " {} ", "{\"a\":1}x", "{\"a\":1}}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":.5}",
        "{\"a\":-0.0e-0}", "{\"a\":1E+400}", "{\"a\":" + "9".repeat(1001) + "}", "{\"a\":tru}", "{\"a\":truex}",
        "{\"a\":nul}", "{\"a\":[1,]}", "{\"a\":{\"b\":}}", "{\"a\":\"\\u0041\\/\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\t\"}", "{\"a\" : [ 1 , { \"b\" : null } ] }", "{\"tag\":1,\"time\":2,\"b\":3}", "[1]", "1",
        "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}", "{\"a\":\"x\"\"b\"}", "{\"a\u0000\":1}", "\ufeff{\"a\":1}",
        "{\"a\":\"\\q\"}", "{\"a\":NaN}", "{\"a\":-Infinity}", "{'a':1}", "{\"a\":1}\n\n", "{\"\\\"\":\"\\\\\"}",
        "[".repeat(70) + "]".repeat(70), "{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}",
        "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}", "",
    };
    for (String body : bodies) {
      List<Record> records = List.of(new Record(1L, RecordEncoding.JSON, body.getBytes(StandardCharsets.UTF_8)));
      assertSameOutput(new RecordBatch("t", records), new Random(body.hashCode()));
    }
  }

  private static void assertSameOutput(EventBatch batch, Random random) throws IOException {
    RecordFormatConfig config = CONFIGS[random.nextInt(CONFIGS.length)];
    String general = output(new JsonLineFormatter(config, false), batch);
    String singlePass = output(new JsonLineFormatter(config, true), batch);
    assertThat(singlePass).as("%s with %s", batch, config).isEqualTo(general);
  }

  /** Lines, rejects and counts, as text that shows any difference in bytes. */
  private static String output(JsonLineFormatter formatter, EventBatch batch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder rejects = new StringBuilder();
    List<Long> times = new ArrayList<>();
    FormatResult result = formatter.format(batch, (bytes, length, epochNanos) -> {
      out.write(bytes, 0, length);
      times.add(epochNanos);
    }, (raw, offset, length, problem) -> rejects.append(HexFormat.of().formatHex(raw, offset, offset + length))
        .append(' ').append(problem).append('\n'));
    return HexFormat.of().formatHex(out.toByteArray()) + "\n" + out.toString(StandardCharsets.UTF_8) + "\n" + times
        + "\n" + rejects + result;
  }

  private static long time(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> -random.nextInt(1_000_000_000) * 1_000_003L;
      case 2 -> Long.MIN_VALUE + random.nextInt(5);
      case 3 -> Long.MAX_VALUE - random.nextInt(5);
      default -> 1_795_619_509_000_000_000L + random.nextInt(2_000_000_000);
    };
  }

  private static void packEntry(MessageBufferPacker packer, Random random) throws IOException {
    int shape = random.nextInt(20);
    packer.packArrayHeader(shape == 0 ? random.nextInt(4) : shape == 1 ? 3 : 2);
    switch (random.nextInt(8)) {
      case 0 -> packer.packLong(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(Integer.MAX_VALUE));
      case 1 -> packer.packInt(random.nextInt(128));
      case 2 -> packer.packDouble(random.nextInt(3) == 0 ? Double.NaN : random.nextDouble() * 2e9);
      case 3 -> packTimestamp(packer, random);
      case 4 -> packer.packString("1795619509");
      default -> {
        packer.packExtensionTypeHeader((byte) 0, 8);
        packer.writePayload(new byte[] {(byte) 0x6b, 0x06, (byte) 0xc3, (byte) random.nextInt(256), 0, 0,
            (byte) random.nextInt(256), (byte) random.nextInt(256)});
      }
    }
    if (shape != 0) {
      if (random.nextInt(15) == 0) {
        packValue(packer, random, 1);
      } else {
        packMap(packer, random, 1, true);
      }
      if (shape == 1) {
        packer.packInt(7);
      }
    }
  }

  private static void packTimestamp(MessageBufferPacker packer, Random random) throws IOException {
    int length = new int[] {4, 8, 12, 5}[random.nextInt(4)];
    byte[] payload = new byte[length];
    random.nextBytes(payload);
    packer.packExtensionTypeHeader((byte) -1, length);
    packer.writePayload(payload);
  }

  private static void packMap(MessageBufferPacker packer, Random random, int level, boolean top) throws IOException {
    int size = random.nextInt(top ? 8 : 4);
    packer.packMapHeader(size);
    for (int i = 0; i < size; i++) {
      if (random.nextInt(12) == 0) {
        packValue(packer, random, level + 1);
      } else {
        packString(packer, random, KEYS[random.nextInt(KEYS.length)]);
      }
      packValue(packer, random, level + 1);
    }
  }

  private static void packValue(MessageBufferPacker packer, Random random, int level) throws IOException {
    int kind = random.nextInt(level > 4 ? 14 : 17);
    switch (kind) {
      case 0 -> packer.packNil();
      case 1 -> packer.packBoolean(random.nextBoolean());
      case 2 -> packer.packInt(random.nextInt(256) - 128);
      case 3 -> packer.packLong(random.nextLong());
      case 4 -> packer.packBigInteger(new java.math.BigInteger(64, random));
      case 5 -> packer.packFloat(new float[] {random.nextFloat(), Float.NaN, Float.NEGATIVE_INFINITY, 1e-40f,
          3.4e38f, -0f}[random.nextInt(6)]);
      case 6 -> packer.packDouble(new double[] {random.nextDouble() * 1e6, Double.NaN, Double.POSITIVE_INFINITY,
          4.9e-324, 1e21, 1e-7, -0.0, 0.1 + 0.2, 100.0}[random.nextInt(9)]);
      case 7, 8 -> packString(packer, random, text(random));
      case 9 -> {
        byte[] raw = new byte[random.nextInt(12)];
        random.nextBytes(raw);
        packer.packRawStringHeader(raw.length);
        packer.writePayload(raw);
      }
      case 10 -> {
        byte[] bin = new byte[random.nextInt(10)];
        random.nextBytes(bin);
        packer.packBinaryHeader(bin.length);
        packer.writePayload(bin);
      }
      case 11 -> {
        byte[] payload = new byte[new int[] {1, 2, 4, 8, 16, 3, 12}[random.nextInt(7)]];
        random.nextBytes(payload);
        packer.packExtensionTypeHeader((byte) (random.nextInt(5) - 2), payload.length);
        packer.writePayload(payload);
      }
      case 12 -> packer.packInt(random.nextInt(100_000));
      case 13 -> packer.packString("x".repeat(random.nextInt(300)));
      case 14, 15 -> {
        int size = random.nextInt(4);
        packer.packArrayHeader(size);
        for (int i = 0; i < size; i++) {
          packValue(packer, random, level + 1);
        }
      }
      default -> packMap(packer, random, level, false);
    }
  }

  private static void packString(MessageBufferPacker packer, Random random, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int header = random.nextInt(8);
    if (header == 0 && bytes.length < 256) {
      packer.addPayload(new byte[] {(byte) 0xd9, (byte) bytes.length});
    } else if (header == 1) {
      packer.addPayload(new byte[] {(byte) 0xda, (byte) (bytes.length >> 8), (byte) bytes.length});
    } else if (header == 2) {
      packer.addPayload(new byte[] {(byte) 0xdb, 0, 0, (byte) (bytes.length >> 8), (byte) bytes.length});
    } else {
      packer.packRawStringHeader(bytes.length);
    }
    packer.addPayload(bytes);
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.append(switch (random.nextInt(14)) {
        case 0 -> "\"";
        case 1 -> "\\";
        case 2 -> String.valueOf((char) random.nextInt(0x20));
        case 3 -> "\u007f";
        case 4 -> "\u00e9";
        case 5 -> "\u4e16";
        case 6 -> "\ud83d\ude00";
        case 7 -> "\ud800";
        case 8 -> "\u2028";
        case 9 -> "/";
        case 10 -> "\ufffd";
        default -> String.valueOf((char) ('a' + random.nextInt(26)));
      });
    }
    return text.toString();
  }

  private static void jsonObject(StringBuilder json, Random random, int level, boolean top) {
    json.append('{');
    int size = random.nextInt(top ? 8 : 4);
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        space(json, random);
        json.append(',');
      }
      space(json, random);
      jsonString(json, random, KEYS[random.nextInt(KEYS.length)]);
      space(json, random);
      json.append(':');
      space(json, random);
      jsonValue(json, random, level + 1);
    }
    space(json, random);
    json.append('}');
  }

  private static void jsonValue(StringBuilder json, Random random, int level) {
    switch (random.nextInt(level > 4 ? 11 : 14)) {
      case 0 -> json.append("null");
      case 1 -> json.append(random.nextBoolean());
      case 2 -> json.append(new String[] {"0", "-0", "12", "-7", "1.5", "1e5", "1E+5", "2.50e-3", "-0.0",
          "123456789012345678901234567890", "1.7976931348623157e309", "0.1"}[random.nextInt(12)]);
      case 3 -> json.append(random.nextLong());
      case 4 -> json.append(random.nextDouble());
      case 5, 6, 7 -> jsonString(json, random, text(random));
      case 8 -> json.append("\"").append("\\u00").append(HexFormat.of().toHexDigits((byte) random.nextInt(256)))
          .append("\\/\\ud83d\\ude00\\uDC00\"");
      case 9 -> json.append("\"plain access log text ").append(random.nextInt()).append('"');
      case 10 -> json.append(random.nextInt(1000));
      case 11, 12 -> {
        json.append('[');
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          if (i > 0) {
            json.append(',');
          }
          space(json, random);
          jsonValue(json, random, level + 1);
        }
        json.append(']');
      }
      default -> jsonObject(json, random, level, false);
    }
  }

  /** A JSON string of {@code text}, with its characters escaped in the ways JSON allows, chosen at random. */
  private static void jsonString(StringBuilder json, Random random, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        switch (random.nextInt(3)) {
          case 0 -> json.append(String.format("\\u%04x", (int) c));
          case 1 -> json.append(String.format("\\u%04X", (int) c));
          default -> json.append(switch (c) {
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\f' -> "\\f";
            case '\r' -> "\\r";
            default -> String.format("\\u%04x", (int) c);
          });
        }
      } else if (random.nextInt(30) == 0) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }

  private static void space(StringBuilder json, Random random) {
    if (random.nextInt(4) == 0) {
      json.append(new String[] {" ", "\n", "\t ", "\r\n  "}[random.nextInt(4)]);
    }
  }

  /** The bytes with one changed, one cut off, or some appended. */
  private static byte[] mangled(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] copy = bytes.clone();
    switch (random.nextInt(3)) {
      case 0 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      case 1 -> copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
      default -> {
        copy = java.util.Arrays.copyOf(copy, copy.length + 1 + random.nextInt(3));
        copy[copy.length - 1] = (byte) random.nextInt(256);
      }
    }
    return copy;
  }
}
