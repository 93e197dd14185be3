package io.sluice.agent.input.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.input.RecordLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The JSON parsing the JSON and NDJSON readers share: a parser limited in depth, and the walk over one object that
 * slices its bytes by token offsets and reads the time key on the way, without building a tree.
 */
final class JsonObjects {

  // Immutable once built and thread-safe, as Jackson documents for factories. The output reads records with the
  // same constraints, so a record accepted here can always be written.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(RecordLimits.JSON_BODY)
      .build();
  private static final String TOO_DEEP = "the JSON nests deeper than " + RecordLimits.MAX_DEPTH + " levels";

  private JsonObjects() {}

  /** Rejects anything in {@code [from, to)} that is not strict UTF-8, naming the byte offset. */
  static void requireUtf8(byte[] bytes, int from, int to) throws BadRequestException {
    int invalid = Utf8.firstInvalidByte(bytes, from, to);
    if (invalid >= 0) {
      throw new BadRequestException("the body is not valid UTF-8 at byte " + invalid);
    }
  }

  /**
   * A parser over {@code [from, to)}, whose token offsets count from {@code from}.
   *
   * @throws BadRequestException when the text starts with a zero byte, from which Jackson would guess UTF-16 or
   *     UTF-32 and report character offsets instead of byte offsets
   */
  static JsonParser open(byte[] bytes, int from, int to) throws BadRequestException {
    for (int i = from; i < Math.min(to, from + 4); i++) {
      if (bytes[i] == 0) {
        throw new BadRequestException("the body is not UTF-8 JSON: it has a zero byte at byte " + i);
      }
    }
    try {
      return FACTORY.createParser(bytes, from, to - from);
    } catch (IOException e) {
      throw new UncheckedIOException("creating a parser over a byte array does no I/O", e);
    }
  }

  /**
   * Walks the object whose {@code START_OBJECT} the parser is on and returns it as a record, as {@code edits}
   * changes it; the parser is left on its {@code END_OBJECT}.
   *
   * @param base where the parser's offset 0 is in {@code bytes}
   * @param where names the object in error messages, such as "element 3 of the array"
   */
  static Record record(JsonParser parser, byte[] bytes, int base, EventTimes times, RecordEdits edits,
      String where) throws IOException, BadRequestException {
    int start = base + (int) parser.currentTokenLocation().getByteOffset();
    String timeKey = times.timeKey();
    long nanos = times.fallback();
    // Where each member's name starts, kept only when the record may change.
    List<Integer> memberStarts = edits.isEmpty() ? null : new ArrayList<>();
    BitSet cut = new BitSet();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (memberStarts != null) {
        cut.set(memberStarts.size(), edits.removes(name));
        memberStarts.add(base + (int) parser.currentTokenLocation().getByteOffset());
      }
      JsonToken value = parser.nextToken();
      if (name.equals(timeKey)) {
        nanos = timeOf(parser, value, times, where);
      } else {
        skipValue(parser);
      }
    }
    int end = base + (int) parser.currentLocation().getByteOffset();
    if (memberStarts == null || !edits.changes(cut.cardinality())) {
      return new Record(nanos, RecordEncoding.JSON, Arrays.copyOfRange(bytes, start, end));
    }
    return new Record(nanos, RecordEncoding.JSON, edits.json(bytes, start, end, memberStarts, cut));
  }

  /**
   * Skips a value of the record, refusing one that takes the record past {@link RecordLimits#MAX_DEPTH} levels:
   * the parser's own limit counts from the body, which may wrap records in an array.
   */
  private static void skipValue(JsonParser parser) throws IOException, BadRequestException {
    int level = 1; // the record's own object
    for (JsonToken token = parser.currentToken(); token != null; token = parser.nextToken()) {
      if (token.isStructStart()) {
        if (++level > RecordLimits.MAX_DEPTH) {
          throw new BadRequestException(TOO_DEEP);
        }
      } else if (token.isStructEnd()) {
        level--;
      }
      if (level == 1) {
        return;
      }
    }
  }

  /**
   * Fails unless the parser has nothing left after the value it just finished.
   *
   * @param where prefixes the error message, such as "line 3: "; may be empty
   */
  static void requireEnd(JsonParser parser, int base, String where) throws BadRequestException {
    long after = base + parser.currentLocation().getByteOffset();
    try {
      if (parser.nextToken() == null) {
        return;
      }
    } catch (IOException garbage) {
      // Whatever follows is reported the same way, valid JSON or not.
    }
    throw new BadRequestException(where + "unexpected data after the JSON value at byte " + after);
  }

  /** A sender-facing description of a parse failure, with the byte offset counted from {@code base}. */
  static String describe(JsonProcessingException e, int base) {
    if (e instanceof StreamConstraintsException && e.getOriginalMessage().contains("nesting depth")) {
      return TOO_DEEP;
    }
    long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    String at = offset < 0 ? "" : " at byte " + (base + offset);
    return "invalid JSON" + at + ": " + e.getOriginalMessage();
  }

  /** A description of a token for messages, such as "a string" or "a number". */
  static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  private static long timeOf(JsonParser parser, JsonToken value, EventTimes times, String where)
      throws IOException, BadRequestException {
    return switch (value) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> times.ofSeconds(decimalOf(parser, times, where), where);
      case VALUE_STRING -> times.ofText(parser.getText(), where);
      // in_http.rb line 364: a false or null time is no time at all, so the arrival time.
      case VALUE_NULL, VALUE_FALSE -> times.fallback();
      default -> throw times.wrongType(describe(value), where);
    };
  }

  /** The number at the parser as a BigDecimal, whose exponent must fit an int: JSON's does not have to. */
  private static BigDecimal decimalOf(JsonParser parser, EventTimes times, String where)
      throws IOException, BadRequestException {
    try {
      return parser.getDecimalValue();
    } catch (NumberFormatException e) {
      throw times.outOfRange(parser.getText(), where);
    }
  }
}
