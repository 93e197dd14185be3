package io.sluice.agent.input.forward;

import io.sluice.agent.input.MsgpackText;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * A message's option map: {@code size}, {@code chunk} and {@code compressed}; other keys (Fluent Bit's
 * {@code fluent_signal}, say) are skipped.
 *
 * @param size the announced event count, or -1 when absent
 * @param chunk the chunk id's msgpack value as received (kept raw so the ack echoes it byte for byte), or null
 * @param gzip whether the entries are gzip-compressed
 */
record ForwardOptions(long size, byte[] chunk, boolean gzip) {

  static final ForwardOptions NONE = new ForwardOptions(-1, null, false);

  /** Reads the option map at the unpacker's position, which reads {@code frame}. */
  static ForwardOptions read(MessageUnpacker unpacker, byte[] frame) throws IOException, ForwardProtocolException {
    if (unpacker.getNextFormat().getValueType() == ValueType.NIL) {
      unpacker.unpackNil();
      return NONE;
    }
    if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
      throw new ForwardProtocolException("the option is " + MsgpackText.describe(unpacker.getNextFormat().getValueType())
          + ", not a map");
    }
    int entries = unpacker.unpackMapHeader();
    long size = -1;
    byte[] chunk = null;
    boolean gzip = false;
    for (int i = 0; i < entries; i++) {
      if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
        throw new ForwardProtocolException("an option key is not a string");
      }
      String key = unpacker.unpackString();
      switch (key) {
        case "size" -> size = readSize(unpacker);
        case "chunk" -> chunk = readChunk(unpacker, frame);
        case "compressed" -> gzip = readCompressed(unpacker);
        default -> unpacker.skipValue();
      }
    }
    return new ForwardOptions(size, chunk, gzip);
  }

  private static long readSize(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != ValueType.INTEGER || format == MessageFormat.UINT64) {
      throw new ForwardProtocolException("the size option is not an integer");
    }
    return unpacker.unpackLong();
  }

  private static byte[] readChunk(MessageUnpacker unpacker, byte[] frame)
      throws IOException, ForwardProtocolException {
    if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
      throw new ForwardProtocolException("the chunk option is not a string");
    }
    int start = (int) unpacker.getTotalReadBytes();
    unpacker.skipValue();
    int end = (int) unpacker.getTotalReadBytes();
    return Arrays.copyOfRange(frame, start, end);
  }

  private static boolean readCompressed(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
      throw new ForwardProtocolException("the compressed option is not a string");
    }
    String compressed = unpacker.unpackString();
    return switch (compressed) {
      case "gzip" -> true;
      case "text" -> false;
      default -> throw new ForwardProtocolException("compressed \"" + compressed + "\" is not supported");
    };
  }
}
