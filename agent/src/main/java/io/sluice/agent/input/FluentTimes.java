package io.sluice.agent.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * The time encodings forward-protocol senders use, as nanoseconds since the epoch: integer seconds, float seconds,
 * Fluentd's EventTime (msgpack ext type 0: uint32 seconds then uint32 nanoseconds, big-endian) and msgpack's own
 * timestamp (ext type -1). Shared by the forward input, which validates times, and the output, which writes them.
 */
public final class FluentTimes {

  /** Fluentd's EventTime extension type. */
  public static final byte EVENT_TIME_TYPE = 0;
  /** msgpack's timestamp extension type. */
  public static final byte TIMESTAMP_TYPE = -1;
  /** The payload length of an EventTime. */
  public static final int EVENT_TIME_LENGTH = 8;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long UINT32_MASK = 0xFFFF_FFFFL;
  private static final int TIMESTAMP64_SECONDS_BITS = 34;
  private static final long TIMESTAMP64_SECONDS_MASK = (1L << TIMESTAMP64_SECONDS_BITS) - 1;

  private FluentTimes() {}

  /**
   * Whole seconds to nanoseconds.
   *
   * @throws ArithmeticException when out of range
   */
  public static long fromSeconds(long seconds) {
    return Math.multiplyExact(seconds, NANOS_PER_SECOND);
  }

  /**
   * Seconds as a double to nanoseconds, through the double's shortest decimal form: 1764083509.123 becomes
   * ...123000000 ns, as the sender wrote it, not the binary approximation's ...122999907 ns.
   *
   * @throws ArithmeticException when not finite or out of range
   */
  public static long fromFloatSeconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new ArithmeticException("an event time of " + seconds + " seconds");
    }
    return new BigDecimal(Double.toString(seconds)).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  /** An EventTime payload of {@value #EVENT_TIME_LENGTH} bytes to nanoseconds. */
  public static long fromEventTime(byte[] payload) {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    long seconds = buffer.getInt() & UINT32_MASK;
    long nanos = buffer.getInt() & UINT32_MASK;
    return seconds * NANOS_PER_SECOND + nanos;
  }

  /** Whether a timestamp extension of {@code length} bytes is one of msgpack's three forms (4, 8 or 12 bytes). */
  public static boolean isTimestampLength(int length) {
    return length == 4 || length == 8 || length == 12;
  }

  /**
   * A msgpack timestamp payload (32, 64 or 96 bits) to nanoseconds. Decoded here rather than through
   * {@code Instant}, which throws an unchecked {@code DateTimeException} for seconds a 96-bit timestamp can hold.
   *
   * @throws ArithmeticException when the length is not 4, 8 or 12 bytes, or the time is out of range
   */
  public static long fromTimestamp(byte[] payload) {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    return switch (payload.length) {
      case 4 -> fromSeconds(buffer.getInt() & UINT32_MASK);
      case 8 -> {
        long bits = buffer.getLong();
        yield Math.addExact(fromSeconds(bits & TIMESTAMP64_SECONDS_MASK), bits >>> TIMESTAMP64_SECONDS_BITS);
      }
      case 12 -> {
        long nanos = buffer.getInt() & UINT32_MASK;
        yield Math.addExact(fromSeconds(buffer.getLong()), nanos);
      }
      default -> throw new ArithmeticException("a timestamp of " + payload.length + " bytes");
    };
  }
}
