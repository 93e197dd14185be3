package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.agent.input.MsgpackText;
import io.sluice.agent.input.RecordLimits;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Set;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Streams msgpack values into a JSON generator without building a tree: str as (repaired) text, bin as base64, a
 * time extension in the configured time format, any other extension as {@code {"type":t,"data":"<base64>"}}.
 *
 * <p>A map key of any type is written, as JSON can only have text keys (Fluentd writes such records too): str and
 * bin as their (repaired) UTF-8 text, integers, floats, booleans and nil as their text, a time extension as its time,
 * and any other extension, array or map as the compact JSON text of that value. The same rule holds at every level,
 * except inside a key's JSON text: there an array or map used as a key is written as the base64 of its msgpack
 * bytes, since JSON text of JSON text escapes its quotes again at each level and a 100-byte record of maps keyed by
 * maps would double in size per level (a fuzzed record ran the JVM out of memory that way).
 */
final class MsgpackJsonCopier {

  private final JsonFactory factory;
  private final TimeWriter timeWriter;

  MsgpackJsonCopier(JsonFactory factory, TimeWriter timeWriter) {
    this.factory = factory;
    this.timeWriter = timeWriter;
  }

  /**
   * Copies the fields of the map at the source's position into the object the generator has open, leaving out
   * top-level keys in {@code skipped}.
   */
  void copyFields(MsgpackSource source, JsonGenerator generator, Set<String> skipped)
      throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != ValueType.MAP) {
      throw new MalformedRecordException("record is " + MsgpackText.describe(format.getValueType()) + ", not a map");
    }
    int size = unpacker.unpackMapHeader();
    for (int i = 0; i < size; i++) {
      String key = readKey(source, 2, false);
      if (skipped.contains(key)) {
        unpacker.skipValue();
      } else {
        generator.writeFieldName(key);
        copyValue(source, generator, 2, false);
      }
    }
  }

  /**
   * Copies one value.
   *
   * @param level the level the value has if it is a map or an array, the record's own map being level 1
   */
  private void copyValue(MsgpackSource source, JsonGenerator generator, int level, boolean inKey)
      throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    ValueType type = format.getValueType();
    if ((type == ValueType.ARRAY || type == ValueType.MAP) && level > RecordLimits.MAX_DEPTH) {
      // Inputs refuse such records; this only guards the stack against a buffer written before they did.
      throw new MalformedRecordException("record nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
    }
    switch (type) {
      case NIL -> {
        unpacker.unpackNil();
        generator.writeNull();
      }
      case BOOLEAN -> generator.writeBoolean(unpacker.unpackBoolean());
      case INTEGER -> {
        if (format == MessageFormat.UINT64) {
          generator.writeNumber(unpacker.unpackBigInteger());
        } else {
          generator.writeNumber(unpacker.unpackLong());
        }
      }
      case FLOAT -> {
        if (format == MessageFormat.FLOAT32) {
          generator.writeNumber(unpacker.unpackFloat());
        } else {
          generator.writeNumber(unpacker.unpackDouble());
        }
      }
      case STRING -> generator.writeString(readString(source));
      case BINARY -> generator.writeBinary(source.payload(unpacker.unpackBinaryHeader()));
      case ARRAY -> {
        int size = unpacker.unpackArrayHeader();
        generator.writeStartArray();
        for (int i = 0; i < size; i++) {
          copyValue(source, generator, level + 1, inKey);
        }
        generator.writeEndArray();
      }
      case MAP -> {
        int size = unpacker.unpackMapHeader();
        generator.writeStartObject();
        for (int i = 0; i < size; i++) {
          generator.writeFieldName(readKey(source, level + 1, inKey));
          copyValue(source, generator, level + 1, inKey);
        }
        generator.writeEndObject();
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
        byte[] payload = source.payload(header.getLength());
        Long time = time(header, payload);
        if (time != null) {
          timeWriter.write(generator, time);
        } else {
          writeExtension(generator, header, payload);
        }
      }
      default -> throw new MalformedRecordException("unknown msgpack format " + format);
    }
  }

  /**
   * A map key as JSON text, by the rule in the class comment.
   *
   * @param level the level the key has if it is a map or an array
   * @param inKey whether this key is part of another key's JSON text
   */
  private String readKey(MsgpackSource source, int level, boolean inKey)
      throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    return switch (format.getValueType()) {
      case STRING -> readString(source);
      case BINARY -> {
        byte[] bytes = source.payload(unpacker.unpackBinaryHeader());
        yield TextRepair.utf8(bytes, 0, bytes.length);
      }
      case INTEGER -> format == MessageFormat.UINT64
          ? unpacker.unpackBigInteger().toString() : Long.toString(unpacker.unpackLong());
      case FLOAT -> Double.toString(unpacker.unpackDouble());
      case BOOLEAN -> Boolean.toString(unpacker.unpackBoolean());
      case NIL -> {
        unpacker.unpackNil();
        yield "null";
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
        byte[] payload = source.payload(header.getLength());
        Long time = time(header, payload);
        yield time != null ? timeWriter.text(time) : jsonText(generator -> writeExtension(generator, header, payload));
      }
      case ARRAY, MAP -> inKey ? Base64.getEncoder().encodeToString(source.rawValue())
          : jsonText(generator -> copyValue(source, generator, level, true));
    };
  }

  /** The compact JSON text a writer produces, for a key that is a structure. */
  private String jsonText(ValueWriter writer) throws IOException, MalformedRecordException {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = factory.createGenerator(text)) {
      writer.write(generator);
    }
    return text.toString();
  }

  /** The time a time extension holds; null when it holds none, or one out of range: it is then written as data. */
  private static Long time(ExtensionTypeHeader header, byte[] payload) {
    if (!MsgpackTimes.isTime(header)) {
      return null;
    }
    try {
      return MsgpackTimes.fromExtension(header, payload);
    } catch (ArithmeticException outOfRange) {
      return null;
    }
  }

  private static void writeExtension(JsonGenerator generator, ExtensionTypeHeader header, byte[] payload)
      throws IOException {
    generator.writeStartObject();
    generator.writeNumberField("type", header.getType());
    generator.writeStringField("data", Base64.getEncoder().encodeToString(payload));
    generator.writeEndObject();
  }

  /** Reads raw string bytes and decodes them ourselves, so invalid UTF-8 is always repaired the same way. */
  private static String readString(MsgpackSource source) throws IOException {
    byte[] bytes = source.payload(source.unpacker().unpackRawStringHeader());
    return TextRepair.utf8(bytes, 0, bytes.length);
  }

  /** Writes one value to a generator. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(JsonGenerator generator) throws IOException, MalformedRecordException;
  }
}
