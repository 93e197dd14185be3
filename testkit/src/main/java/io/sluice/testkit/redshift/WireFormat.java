package io.sluice.testkit.redshift;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The wire protocol's primitive encodings: big-endian int32 and NUL-terminated UTF-8 strings. */
final class WireFormat {

  private WireFormat() {}

  static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
        | (bytes[offset + 3] & 0xff);
  }

  static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  /** Index of the NUL that ends the string starting at {@code offset}. */
  static int stringEnd(byte[] bytes, int offset) {
    for (int i = offset; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unterminated string at offset " + offset + " of a protocol message");
  }

  static String readString(byte[] bytes, int offset) {
    return new String(bytes, offset, stringEnd(bytes, offset) - offset, StandardCharsets.UTF_8);
  }

  static void writeString(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }
}
