package io.sluice.agent.output.format;

import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A msgpack unpacker over a byte range that knows how many bytes the range holds, so a corrupt length is refused
 * before anything is allocated for it.
 */
final class MsgpackSource {

  private final byte[] bytes;
  private final int offset;
  private final MessageUnpacker unpacker;
  private final long length;

  MsgpackSource(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.unpacker = MessagePack.newDefaultUnpacker(bytes, offset, length);
    this.length = length;
  }

  MessageUnpacker unpacker() {
    return unpacker;
  }

  /** Skips the next value and returns its msgpack bytes as received. */
  byte[] rawValue() throws IOException {
    int start = offset + (int) unpacker.getTotalReadBytes();
    unpacker.skipValue();
    return Arrays.copyOfRange(bytes, start, offset + (int) unpacker.getTotalReadBytes());
  }

  /** Reads {@code size} payload bytes, refusing sizes larger than what is left. */
  byte[] payload(int size) throws IOException {
    long remaining = length - unpacker.getTotalReadBytes();
    if (size < 0 || size > remaining) {
      throw new IOException("a value claims " + Integer.toUnsignedString(size) + " bytes but only " + remaining
          + " are left");
    }
    return unpacker.readPayload(size);
  }
}
