package io.sluice.agent.output.format;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The reusable buffer a line is built in, exposing its array so a finished line is handed on without a copy. The
 * {@code put} methods are the unsynchronized writes of the single-pass paths.
 */
final class LineBuffer extends ByteArrayOutputStream {

  LineBuffer() {
    super(1024);
  }

  byte[] array() {
    return buf;
  }

  /** Drops what was written after {@code length} bytes, so a line given up half-way leaves nothing behind. */
  void truncate(int length) {
    count = length;
  }

  void put(int b) {
    if (count == buf.length) {
      grow(1);
    }
    buf[count++] = (byte) b;
  }

  void put(byte[] bytes, int offset, int length) {
    if (count + length > buf.length) {
      grow(length);
    }
    System.arraycopy(bytes, offset, buf, count, length);
    count += length;
  }

  /** Writes a long in decimal, as {@link Long#toString(long)} does, without making a string. */
  void putLong(long value) {
    if (value == Long.MIN_VALUE) {
      byte[] text = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      put(text, 0, text.length);
      return;
    }
    if (count + 20 > buf.length) {
      grow(20);
    }
    long rest = value;
    if (rest < 0) {
      buf[count++] = '-';
      rest = -rest;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
      digits++;
    }
    int end = count + digits;
    for (int i = end - 1; i >= count; i--) {
      buf[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    count = end;
  }

  private void grow(int extra) {
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
  }
}
