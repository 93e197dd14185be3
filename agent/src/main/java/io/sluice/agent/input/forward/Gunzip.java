package io.sluice.agent.input.forward;

import io.sluice.agent.input.BudgetExhaustedException;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.MsgpackText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Inflates CompressedPackedForward entries: one or more concatenated gzip members, up to a limit. The output is
 * one array of exactly the inflated size, reserved from the in-flight budget before it is allocated; nothing grows
 * past the limit, so a gzip bomb costs CPU up to the limit and no memory.
 *
 * <p>A single-member stream (Fluent Bit's) names its size in its trailer and is inflated once, straight into its
 * array. Otherwise, or when the trailer lies, a first pass counts the inflated bytes into a small scratch buffer
 * and a second fills the exact array.
 */
final class Gunzip {

  private static final int SCRATCH = 64 * 1024;
  /** A gzip member is at least a 10-byte header and an 8-byte trailer. */
  private static final int MIN_MEMBER = 18;

  private Gunzip() {}

  /**
   * Inflates {@code data[offset, offset + length)}, growing {@code reservation} by the inflated size first.
   *
   * @throws ForwardProtocolException when the bytes are not gzip or inflate to more than {@code limit} bytes
   * @throws BudgetExhaustedException when the budget cannot cover the inflated bytes now; nothing is kept
   */
  static byte[] inflate(byte[] data, int offset, int length, long limit, InFlightBudget.Reservation reservation)
      throws ForwardProtocolException, BudgetExhaustedException {
    long base = reservation.held();
    try {
      long hint = length >= MIN_MEMBER ? trailerSize(data, offset + length - 4) : 0;
      if (hint > 0 && hint <= limit) {
        reserve(reservation, base + hint);
        byte[] out = new byte[(int) hint];
        if (fill(data, offset, length, out)) {
          return out;
        }
        reservation.shrinkTo(base);
      }
      long total = count(data, offset, length, limit);
      reserve(reservation, base + total);
      byte[] out = new byte[(int) total];
      if (!fill(data, offset, length, out)) {
        throw new ForwardProtocolException("compressed entries inflated differently twice");
      }
      return out;
    } catch (IOException e) {
      reservation.shrinkTo(base);
      throw new ForwardProtocolException("compressed entries are not valid gzip: " + MsgpackText.problem(e), e);
    } catch (ForwardProtocolException | BudgetExhaustedException | RuntimeException e) {
      reservation.shrinkTo(base);
      throw e;
    }
  }

  /** Inflates the stream without keeping it, counting bytes; stops as soon as the count passes the limit. */
  private static long count(byte[] data, int offset, int length, long limit)
      throws IOException, ForwardProtocolException {
    byte[] scratch = new byte[SCRATCH];
    long total = 0;
    try (InputStream in = open(data, offset, length)) {
      for (int n = in.read(scratch); n >= 0; n = in.read(scratch)) {
        total += n;
        if (total > limit) {
          throw new ForwardProtocolException("compressed entries inflate to more than " + limit + " bytes");
        }
      }
    }
    return total;
  }

  /** Inflates into {@code out}; true when the stream filled it exactly. */
  private static boolean fill(byte[] data, int offset, int length, byte[] out) throws IOException {
    try (InputStream in = open(data, offset, length)) {
      int filled = in.readNBytes(out, 0, out.length);
      return filled == out.length && in.read() < 0;
    }
  }

  private static InputStream open(byte[] data, int offset, int length) throws IOException {
    // GZIPInputStream reads concatenated members on its own, as gzip(1) does.
    return new GZIPInputStream(new ByteArrayInputStream(data, offset, length), SCRATCH);
  }

  private static void reserve(InFlightBudget.Reservation reservation, long bytes) throws BudgetExhaustedException {
    if (!reservation.tryGrowTo(bytes)) {
      throw new BudgetExhaustedException("inputs.memory_budget cannot hold the inflated entries now");
    }
  }

  /** ISIZE, the last member's inflated size modulo 2^32, little-endian. */
  private static long trailerSize(byte[] data, int at) {
    return (data[at] & 0xffL) | (data[at + 1] & 0xffL) << 8 | (data[at + 2] & 0xffL) << 16
        | (data[at + 3] & 0xffL) << 24;
  }
}
