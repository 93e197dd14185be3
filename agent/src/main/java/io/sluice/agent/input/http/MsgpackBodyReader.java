package io.sluice.agent.input.http;

import io.sluice.agent.input.MsgpackText;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads {@code application/msgpack}: one map (one event) or an array of maps (one event each). Every str must be
 * valid UTF-8, since records are written as JSON; keys may be of any type (the output writes each as text) and the
 * time key is found among str and bin keys. Records nest at most {@link RecordLimits#MAX_DEPTH} levels.
 */
final class MsgpackBodyReader implements BodyReader {

  private static final String TRUNCATED = "the msgpack body ends in the middle of a value";

  @Override
  public List<Record> read(byte[] body, EventTimes times, RecordEdits edits) throws BadRequestException {
    if (body.length == 0) {
      throw new BadRequestException("the body is empty; expected a msgpack map or an array of maps");
    }
    MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body);
    try {
      ValueType type = unpacker.getNextFormat().getValueType();
      List<Record> records = switch (type) {
        case MAP -> List.of(map(unpacker, body, times, edits, "the map"));
        case ARRAY -> elements(unpacker, body, times, edits);
        default -> throw new BadRequestException(
            "the body must be a msgpack map or an array of maps, not " + MsgpackText.describe(type));
      };
      if (unpacker.hasNext()) {
        throw new BadRequestException("unexpected data after the msgpack value at byte "
            + unpacker.getTotalReadBytes());
      }
      return records;
    } catch (MessageInsufficientBufferException e) {
      throw new BadRequestException(TRUNCATED);
    } catch (MessagePackException e) {
      throw new BadRequestException("invalid msgpack at byte " + unpacker.getTotalReadBytes() + ": "
          + MsgpackText.problem(e));
    } catch (IOException e) {
      throw new UncheckedIOException("unpacking a byte array does no I/O", e);
    }
  }

  private static List<Record> elements(MessageUnpacker unpacker, byte[] body, EventTimes times, RecordEdits edits)
      throws IOException, BadRequestException {
    int count = unpacker.unpackArrayHeader();
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String where = "element " + i + " of the array";
      ValueType type = unpacker.getNextFormat().getValueType();
      if (type != ValueType.MAP) {
        throw new BadRequestException(where + " is " + MsgpackText.describe(type) + ", not a map");
      }
      records.add(map(unpacker, body, times, edits, where));
    }
    return records;
  }

  private static Record map(MessageUnpacker unpacker, byte[] body, EventTimes times, RecordEdits edits,
      String where) throws IOException, BadRequestException {
    int start = (int) unpacker.getTotalReadBytes();
    int entries = unpacker.unpackMapHeader();
    String timeKey = times.timeKey();
    long nanos = times.fallback();
    // The entries that stay, as {from, to} byte offsets, kept only when the record may change.
    // Grown as entries arrive: the declared count is the sender's word.
    int[] kept = edits.isEmpty() ? null : new int[2 * Math.min(entries, 16)];
    int keptCount = 0;
    for (int i = 0; i < entries; i++) {
      int entryStart = (int) unpacker.getTotalReadBytes();
      String key = key(unpacker, body);
      if (key != null && key.equals(timeKey)) {
        nanos = time(unpacker, body, times, where);
      } else {
        skip(unpacker, body, 2);
      }
      if (kept != null && !edits.removes(key)) {
        if (2 * keptCount == kept.length) {
          kept = Arrays.copyOf(kept, 2 * kept.length);
        }
        kept[2 * keptCount] = entryStart;
        kept[2 * keptCount + 1] = (int) unpacker.getTotalReadBytes();
        keptCount++;
      }
    }
    int end = (int) unpacker.getTotalReadBytes();
    if (kept == null || !edits.changes(entries - keptCount)) {
      return new Record(nanos, RecordEncoding.MSGPACK, Arrays.copyOfRange(body, start, end));
    }
    return new Record(nanos, RecordEncoding.MSGPACK, edits.msgpack(body, kept, keptCount));
  }

  /** Reads a key of the record's map: the text of a str or bin key, null after skipping a key of another type. */
  private static String key(MessageUnpacker unpacker, byte[] body) throws IOException, BadRequestException {
    return switch (unpacker.getNextFormat().getValueType()) {
      case STRING -> string(unpacker, body);
      case BINARY -> {
        int length = unpacker.unpackBinaryHeader();
        int start = (int) unpacker.getTotalReadBytes();
        if (length > body.length - start) {
          throw new BadRequestException(TRUNCATED);
        }
        unpacker.readPayloadAsReference(length);
        // Not validated: bin is bytes by definition, and the output repairs its text as it writes the key.
        yield new String(body, start, length, StandardCharsets.UTF_8);
      }
      default -> {
        skip(unpacker, body, 2);
        yield null;
      }
    };
  }

  private static long time(MessageUnpacker unpacker, byte[] body, EventTimes times, String where)
      throws IOException, BadRequestException {
    ValueType type = unpacker.getNextFormat().getValueType();
    return switch (type) {
      case INTEGER -> times.ofSeconds(new BigDecimal(unpacker.unpackBigInteger()), where);
      case FLOAT -> {
        double seconds = unpacker.unpackDouble();
        if (!Double.isFinite(seconds)) {
          throw times.wrongType(Double.toString(seconds), where);
        }
        // The shortest decimal that reads back as this double: what the sender wrote, not binary noise.
        yield times.ofSeconds(BigDecimal.valueOf(seconds), where);
      }
      case STRING -> times.ofText(string(unpacker, body), where);
      case NIL -> {
        unpacker.unpackNil();
        yield times.fallback();
      }
      // in_http.rb line 364: a false time is no time at all, so the arrival time; true is refused below.
      case BOOLEAN -> {
        if (unpacker.unpackBoolean()) {
          throw times.wrongType("a boolean", where);
        }
        yield times.fallback();
      }
      default -> throw times.wrongType(MsgpackText.describe(type), where);
    };
  }

  /**
   * Skips one value, checking that its strings are UTF-8 and its depth: {@code depth} is the level the value has if
   * it is a map or an array, the record's map being level 1.
   */
  private static void skip(MessageUnpacker unpacker, byte[] body, int depth)
      throws IOException, BadRequestException {
    ValueType type = unpacker.getNextFormat().getValueType();
    if ((type == ValueType.MAP || type == ValueType.ARRAY) && depth > RecordLimits.MAX_DEPTH) {
      throw new BadRequestException("the msgpack nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
    }
    switch (type) {
      case MAP -> {
        long values = 2L * unpacker.unpackMapHeader();
        for (long i = 0; i < values; i++) {
          skip(unpacker, body, depth + 1);
        }
      }
      case ARRAY -> {
        int values = unpacker.unpackArrayHeader();
        for (int i = 0; i < values; i++) {
          skip(unpacker, body, depth + 1);
        }
      }
      case STRING -> validatedPayload(unpacker, body);
      default -> unpacker.skipValue();
    }
  }

  private static String string(MessageUnpacker unpacker, byte[] body) throws IOException, BadRequestException {
    int start = validatedPayload(unpacker, body);
    return new String(body, start, (int) unpacker.getTotalReadBytes() - start, StandardCharsets.UTF_8);
  }

  /** Consumes a string's payload after checking it is UTF-8; returns where the payload starts in the body. */
  private static int validatedPayload(MessageUnpacker unpacker, byte[] body) throws IOException, BadRequestException {
    int length = unpacker.unpackRawStringHeader();
    int start = (int) unpacker.getTotalReadBytes();
    // Checked before reading: msgpack-core would allocate the declared length, which a sender controls.
    if (length > body.length - start) {
      throw new BadRequestException(TRUNCATED);
    }
    int invalid = Utf8.firstInvalidByte(body, start, start + length);
    if (invalid >= 0) {
      throw new BadRequestException("a msgpack string is not valid UTF-8 at byte " + invalid);
    }
    unpacker.readPayloadAsReference(length);
    return start;
  }
}
