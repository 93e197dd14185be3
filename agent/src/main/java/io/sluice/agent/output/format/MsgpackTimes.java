package io.sluice.agent.output.format;

import io.sluice.agent.input.FluentTimes;
import io.sluice.agent.input.MsgpackText;
import java.io.IOException;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads the time of a forward-protocol entry: an integer (seconds), a float (seconds with a fraction), Fluentd's
 * EventTime (ext type 0: uint32 seconds, uint32 nanos, big-endian) or a msgpack timestamp (ext type -1).
 */
final class MsgpackTimes {

  private MsgpackTimes() {}

  /** Reads a time value and returns it as nanoseconds since the epoch. */
  static long read(MsgpackSource source) throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    try {
      switch (format.getValueType()) {
        case INTEGER:
          return FluentTimes.fromSeconds(unpacker.unpackLong());
        case FLOAT:
          return FluentTimes.fromFloatSeconds(unpacker.unpackDouble());
        case EXTENSION:
          ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
          if (!isTime(header)) {
            throw new MalformedRecordException("event time is an extension of type " + header.getType());
          }
          return fromExtension(header, source.payload(header.getLength()));
        default:
          throw new MalformedRecordException("event time is " + MsgpackText.describe(format.getValueType()));
      }
    } catch (ArithmeticException e) {
      throw new MalformedRecordException("event time is out of range or not finite", e);
    }
  }

  /** Whether an extension has the type and length of a time this class can read. */
  static boolean isTime(ExtensionTypeHeader header) {
    return header.getType() == FluentTimes.EVENT_TIME_TYPE && header.getLength() == FluentTimes.EVENT_TIME_LENGTH
        || header.getType() == FluentTimes.TIMESTAMP_TYPE && FluentTimes.isTimestampLength(header.getLength());
  }

  /**
   * The time a time extension holds, from its payload.
   *
   * @throws ArithmeticException when the time is out of range
   */
  static long fromExtension(ExtensionTypeHeader header, byte[] payload) {
    if (header.getType() == FluentTimes.TIMESTAMP_TYPE) {
      return FluentTimes.fromTimestamp(payload);
    }
    return FluentTimes.fromEventTime(payload);
  }
}
