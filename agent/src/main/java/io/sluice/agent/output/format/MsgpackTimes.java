package io.sluice.agent.output.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads the time of a forward-protocol entry: an integer (seconds), a float (seconds with a fraction), Fluentd's
 * EventTime (ext type 0: uint32 seconds, uint32 nanos, big-endian) or a msgpack timestamp (ext type -1).
 */
final class MsgpackTimes {

  /** Fluentd's EventTime extension type. */
  static final byte EVENT_TIME_TYPE = 0;
  /** msgpack's own timestamp extension type. */
  static final byte TIMESTAMP_TYPE = -1;

  private static final int EVENT_TIME_LENGTH = 8;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long UINT32_MASK = 0xFFFF_FFFFL;

  private MsgpackTimes() {}

  /** Reads a time value and returns it as nanoseconds since the epoch. */
  static long read(MsgpackSource source) throws IOException, MalformedRecordException {
    MessageUnpacker unpacker = source.unpacker();
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case INTEGER:
        return Math.multiplyExact(unpacker.unpackLong(), NANOS_PER_SECOND);
      case FLOAT:
        return fromFloatSeconds(unpacker.unpackDouble());
      case EXTENSION:
        ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
        if (!isTime(header)) {
          throw new MalformedRecordException("event time is an extension of type " + header.getType());
        }
        return readExtension(source, header);
      default:
        throw new MalformedRecordException("event time is a " + format.getValueType());
    }
  }

  /** Whether an extension value holds a time this class can read. */
  static boolean isTime(ExtensionTypeHeader header) {
    return header.getType() == EVENT_TIME_TYPE && header.getLength() == EVENT_TIME_LENGTH
        || header.getType() == TIMESTAMP_TYPE;
  }

  /** Reads the payload of a time extension whose header was just read. */
  static long readExtension(MsgpackSource source, ExtensionTypeHeader header) throws IOException {
    if (header.getType() == TIMESTAMP_TYPE) {
      Instant instant = source.unpacker().unpackTimestamp(header);
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }
    ByteBuffer payload = ByteBuffer.wrap(source.payload(header.getLength()));
    long seconds = payload.getInt() & UINT32_MASK;
    long nanos = payload.getInt() & UINT32_MASK;
    return seconds * NANOS_PER_SECOND + nanos;
  }

  /**
   * Seconds as a double to nanoseconds, through the double's shortest decimal form: 1764083509.123 becomes
   * ...123000000 ns, as the sender wrote it, not the binary approximation's ...122999907 ns.
   */
  static long fromFloatSeconds(double seconds) throws MalformedRecordException {
    if (!Double.isFinite(seconds)) {
      throw new MalformedRecordException("event time is " + seconds);
    }
    return new BigDecimal(Double.toString(seconds)).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }
}
