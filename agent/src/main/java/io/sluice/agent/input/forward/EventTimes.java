package io.sluice.agent.input.forward;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads a forward event's time: integer seconds, float seconds, Fluentd's EventTime (ext 0, uint32 seconds and
 * uint32 nanoseconds) or a msgpack timestamp (ext -1), always keeping the nanoseconds.
 */
final class EventTimes {

  private static final byte EVENT_TIME_TYPE = 0;
  private static final byte TIMESTAMP_TYPE = -1;
  private static final int EVENT_TIME_LENGTH = 8;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long UINT32_MASK = 0xFFFF_FFFFL;

  private EventTimes() {}

  /** Reads one time value and returns nanoseconds since the epoch. */
  static long read(MessageUnpacker unpacker) throws IOException, ForwardProtocolException {
    MessageFormat format = unpacker.getNextFormat();
    try {
      switch (format.getValueType()) {
        case INTEGER:
          return Math.multiplyExact(unpacker.unpackLong(), NANOS_PER_SECOND);
        case FLOAT:
          return fromFloatSeconds(unpacker.unpackDouble());
        case EXTENSION:
          return fromExtension(unpacker, unpacker.unpackExtensionTypeHeader());
        default:
          throw new ForwardProtocolException("an event time is a " + format.getValueType());
      }
    } catch (ArithmeticException e) {
      throw new ForwardProtocolException("an event time is out of range", e);
    }
  }

  private static long fromExtension(MessageUnpacker unpacker, ExtensionTypeHeader header)
      throws IOException, ForwardProtocolException {
    if (header.getType() == TIMESTAMP_TYPE) {
      Instant instant = unpacker.unpackTimestamp(header);
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }
    if (header.getType() != EVENT_TIME_TYPE) {
      throw new ForwardProtocolException("an event time is an extension of type " + header.getType());
    }
    if (header.getLength() != EVENT_TIME_LENGTH) {
      throw new ForwardProtocolException("an EventTime has " + header.getLength() + " bytes instead of 8");
    }
    ByteBuffer payload = ByteBuffer.wrap(unpacker.readPayload(EVENT_TIME_LENGTH));
    long seconds = payload.getInt() & UINT32_MASK;
    long nanos = payload.getInt() & UINT32_MASK;
    return seconds * NANOS_PER_SECOND + nanos;
  }

  /** Through the double's shortest decimal form, so 1.123 s is 1123000000 ns as the sender meant it. */
  private static long fromFloatSeconds(double seconds) throws ForwardProtocolException {
    if (!Double.isFinite(seconds)) {
      throw new ForwardProtocolException("an event time is " + seconds);
    }
    return new BigDecimal(Double.toString(seconds)).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }
}
