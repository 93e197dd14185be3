package io.sluice.agent.input.forward;

import io.sluice.agent.input.FluentTimes;
import io.sluice.agent.input.MsgpackText;
import java.io.IOException;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads a forward event's time: integer seconds, float seconds, Fluentd's EventTime (ext 0, uint32 seconds and
 * uint32 nanoseconds) or a msgpack timestamp (ext -1), always keeping the nanoseconds.
 */
final class EventTimes {

  private EventTimes() {}

  /** Reads one time value and returns nanoseconds since the epoch. */
  static long read(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    MessageFormat format = unpacker.getNextFormat();
    try {
      switch (format.getValueType()) {
        case INTEGER:
          return FluentTimes.fromSeconds(unpacker.unpackLong());
        case FLOAT:
          return FluentTimes.fromFloatSeconds(unpacker.unpackDouble());
        case EXTENSION:
          return fromExtension(unpacker, unpacker.unpackExtensionTypeHeader());
        default:
          throw new ForwardProtocolException("an event time is " + MsgpackText.describe(format.getValueType()));
      }
    } catch (ArithmeticException e) {
      throw new ForwardProtocolException("an event time is out of range or not finite", e);
    }
  }

  private static long fromExtension(MessageUnpacker unpacker, ExtensionTypeHeader header)
      throws IOException, ForwardProtocolException {
    if (header.getType() == FluentTimes.TIMESTAMP_TYPE) {
      // Checked before reading: the payload is allocated at the length the sender declared.
      if (!FluentTimes.isTimestampLength(header.getLength())) {
        throw new ForwardProtocolException("a timestamp has " + header.getLength() + " bytes instead of 4, 8 or 12");
      }
      return FluentTimes.fromTimestamp(unpacker.readPayload(header.getLength()));
    }
    if (header.getType() != FluentTimes.EVENT_TIME_TYPE) {
      throw new ForwardProtocolException("an event time is an extension of type " + header.getType());
    }
    if (header.getLength() != FluentTimes.EVENT_TIME_LENGTH) {
      throw new ForwardProtocolException("an EventTime has " + header.getLength() + " bytes instead of 8");
    }
    return FluentTimes.fromEventTime(unpacker.readPayload(FluentTimes.EVENT_TIME_LENGTH));
  }
}
