package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Streams msgpack values into a JSON generator without building a tree: str as (repaired) text, bin as base64, a
 * time extension in the configured time format, any other extension as {@code {"type":t,"data":"<base64>"}}.
 */
final class MsgpackJsonCopier {

  /** Deeper nesting is refused instead of overflowing the stack; Jackson's own read limit is the same. */
  static final int MAX_DEPTH = 1000;

  private final TimeWriter timeWriter;

  MsgpackJsonCopier(TimeWriter timeWriter) {
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
    if (format.getValueType() != org.msgpack.value.ValueType.MAP) {
      throw new MalformedRecordException("record is a msgpack " + format.getValueType() + ", not a map");
    }
    int size = unpacker.unpackMapHeader();
    for (int i = 0; i < size; i++) {
      String key = readKey(source);
      if (skipped.contains(key)) {
        unpacker.skipValue();
      } else {
        generator.writeFieldName(key);
        copyValue(source, generator, 1);
      }
    }
  }

  private void copyValue(MsgpackSource source, JsonGenerator generator, int depth)
      throws IOException, MalformedRecordException {
    if (depth > MAX_DEPTH) {
      throw new MalformedRecordException("record nests deeper than " + MAX_DEPTH + " levels");
    }
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
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
          copyValue(source, generator, depth + 1);
        }
        generator.writeEndArray();
      }
      case MAP -> {
        int size = unpacker.unpackMapHeader();
        generator.writeStartObject();
        for (int i = 0; i < size; i++) {
          generator.writeFieldName(readKey(source));
          copyValue(source, generator, depth + 1);
        }
        generator.writeEndObject();
      }
      case EXTENSION -> copyExtension(source, generator);
      default -> throw new MalformedRecordException("unknown msgpack format " + format);
    }
  }

  private void copyExtension(MsgpackSource source, JsonGenerator generator) throws IOException {
    ExtensionTypeHeader header = source.unpacker().unpackExtensionTypeHeader();
    if (MsgpackTimes.isTime(header)) {
      timeWriter.write(generator, MsgpackTimes.readExtension(source, header));
      return;
    }
    generator.writeStartObject();
    generator.writeNumberField("type", header.getType());
    generator.writeStringField("data", Base64.getEncoder().encodeToString(source.payload(header.getLength())));
    generator.writeEndObject();
  }

  /** A map key as JSON text: strings as they are, scalar keys (which Ruby senders can produce) as their text. */
  private static String readKey(MsgpackSource source) throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    return switch (format.getValueType()) {
      case STRING -> readString(source);
      case INTEGER -> format == MessageFormat.UINT64
          ? unpacker.unpackBigInteger().toString() : Long.toString(unpacker.unpackLong());
      case FLOAT -> Double.toString(unpacker.unpackDouble());
      case BOOLEAN -> Boolean.toString(unpacker.unpackBoolean());
      case NIL -> {
        unpacker.unpackNil();
        yield "null";
      }
      default -> throw new MalformedRecordException("a map key is a msgpack " + format.getValueType());
    };
  }

  /** Reads raw string bytes and decodes them ourselves, so invalid UTF-8 is always repaired the same way. */
  private static String readString(MsgpackSource source) throws IOException {
    byte[] bytes = source.payload(source.unpacker().unpackRawStringHeader());
    return TextRepair.utf8(bytes, 0, bytes.length);
  }
}
