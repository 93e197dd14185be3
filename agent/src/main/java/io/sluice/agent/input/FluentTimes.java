package io.sluice.agent.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;

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

  /**
   * A msgpack timestamp to nanoseconds.
   *
   * @throws ArithmeticException when out of range
   */
  public static long fromInstant(Instant instant) {
    return Math.addExact(fromSeconds(instant.getEpochSecond()), instant.getNano());
  }
}
