package io.sluice.agent.input.forward;

import io.sluice.agent.input.MsgpackText;
import io.sluice.agent.input.RecordLimits;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Checks forward entries and records by structure only, against {@link RecordLimits}: a record is a map whose keys
 * and values may be of any msgpack type (the output writes every key as text), nested at most
 * {@link RecordLimits#MAX_DEPTH} levels deep.
 */
final class Records {

  private Records() {}

  /** Checks the map at the unpacker's position (which reads {@code frame}) and returns its bytes as received. */
  static byte[] slice(MessageUnpacker unpacker, byte[] frame) throws IOException, ForwardProtocolException {
    int start = (int) unpacker.getTotalReadBytes();
    skipRecord(unpacker);
    return Arrays.copyOfRange(frame, start, (int) unpacker.getTotalReadBytes());
  }

  /** Reads the header of one {@code [time, record]} entry. */
  static void requireEntryHeader(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
      throw new ForwardProtocolException("an entry is " + MsgpackText.describe(unpacker.getNextFormat().getValueType())
          + ", not [time, record]");
    }
    int length = unpacker.unpackArrayHeader();
    if (length != 2) {
      throw new ForwardProtocolException("an entry is an array of " + length + " elements, not [time, record]");
    }
  }

  /** Counts the back-to-back {@code [time, record]} entries of a PackedForward stream, checking each. */
  static int countEntries(byte[] entries) throws ForwardProtocolException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(entries)) {
      int count = 0;
      while (unpacker.hasNext()) {
        requireEntryHeader(unpacker);
        EventTimes.read(unpacker);
        skipRecord(unpacker);
        count++;
      }
      return count;
    } catch (IOException | MessagePackException e) {
      throw new ForwardProtocolException("packed entries are not valid msgpack: " + MsgpackText.problem(e), e);
    }
  }

  private static void skipRecord(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
      throw new ForwardProtocolException("a record is "
          + MsgpackText.describe(unpacker.getNextFormat().getValueType()) + ", not a map");
    }
    skipNested(unpacker, 1);
  }

  /**
   * Skips the value at the unpacker's position, which is a map or array at {@code level} if it is one, refusing
   * maps and arrays deeper than the limit wherever they are, keys included.
   */
  private static void skipNested(MessageUnpacker unpacker, int level) throws IOException, ForwardProtocolException {
    ValueType type = unpacker.getNextFormat().getValueType();
    if (type != ValueType.MAP && type != ValueType.ARRAY) {
      unpacker.skipValue();
      return;
    }
    if (level > RecordLimits.MAX_DEPTH) {
      throw new ForwardProtocolException("a record nests deeper than " + RecordLimits.MAX_DEPTH + " levels");
    }
    long values = type == ValueType.MAP ? 2L * unpacker.unpackMapHeader() : unpacker.unpackArrayHeader();
    for (long i = 0; i < values; i++) {
      skipNested(unpacker, level + 1);
    }
  }
}
