package io.sluice.agent.input.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Builds msgpack fixtures for tests. */
final class Msgpack {

  private Msgpack() {}

  /** Writes values with a packer. */
  @FunctionalInterface
  interface Writes {
    void to(MessageBufferPacker packer) throws IOException;
  }

  static byte[] pack(Writes writes) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      writes.to(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A map of string keys to strings or numbers, in the order given: {@code map("a", 1, "b", "x")}. */
  static byte[] map(Object... keysAndValues) {
    return pack(packer -> writeMap(packer, keysAndValues));
  }

  static void writeMap(MessageBufferPacker packer, Object... keysAndValues) throws IOException {
    packer.packMapHeader(keysAndValues.length / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      packer.packString((String) keysAndValues[i]);
      Object value = keysAndValues[i + 1];
      if (value instanceof String text) {
        packer.packString(text);
      } else if (value instanceof Double number) {
        packer.packDouble(number);
      } else {
        packer.packLong(((Number) value).longValue());
      }
    }
  }
}
