package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.input.BudgetExhaustedException;
import io.sluice.agent.input.InFlightBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GunzipTest {

  private static final long MIB = 1024 * 1024;

  /** 1 GiB of zeros, gzipped as 1024 members of 1 MiB (quick to make): about 1 MB on the wire. */
  static byte[] gigabyteOfZeros() {
    byte[] member = zeros(MIB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 1024; i++) {
      out.writeBytes(member);
    }
    return out.toByteArray();
  }

  /** {@code bytes} zeros as one gzip member. */
  static byte[] zeros(long bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      byte[] block = new byte[1 << 20];
      for (long written = 0; written < bytes; written += block.length) {
        gzip.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Bytes the current thread has allocated so far (HotSpot's per-thread counter). */
  static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void aGigabyteBombIsRefusedAtTheLimitWithoutAllocatingTowardsIt() throws Exception {
    byte[] bomb = gigabyteOfZeros();
    InFlightBudget budget = new InFlightBudget(64 * MIB);
    InFlightBudget.Reservation reservation = budget.reservation();
    long limit = 256 * MIB;

    ForwardProtocolException refusal = null;
    long before = allocatedByThisThread();
    try {
      Gunzip.inflate(bomb, 0, bomb.length, limit, reservation);
    } catch (ForwardProtocolException e) {
      refusal = e;
    }
    long allocated = allocatedByThisThread() - before;

    assertThat(refusal).hasMessage("compressed entries inflate to more than " + limit + " bytes");
    // The old stream doubled its array up to the limit: hundreds of MiB. Counting needs a scratch buffer.
    assertThat(allocated).isLessThan(4 * MIB);
    assertThat(budget.used()).isZero();
  }

  @Test
  void aBombIsRefusedWithAFewMebibytesLimit() {
    byte[] bomb = zeros(64 * MIB);

    assertThatThrownBy(() -> Gunzip.inflate(bomb, 0, bomb.length, 4 * MIB, InFlightBudget.unlimited().reservation()))
        .isInstanceOf(ForwardProtocolException.class)
        .hasMessageContaining("inflate to more than 4194304 bytes");
  }

  @Test
  void inflatesOneMemberIntoAnArrayOfExactlyItsSizeAndReservesIt() throws Exception {
    byte[] text = "hello, gzip".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] gzip = Frames.gzip(text);
    InFlightBudget budget = new InFlightBudget(MIB);
    InFlightBudget.Reservation reservation = budget.reservation();

    byte[] inflated = Gunzip.inflate(gzip, 0, gzip.length, MIB, reservation);

    assertThat(inflated).isEqualTo(text);
    assertThat(reservation.held()).isEqualTo(text.length);
  }

  @Test
  void inflatesConcatenatedMembersAsOne() throws Exception {
    byte[] first = "first ".repeat(500).getBytes(StandardCharsets.UTF_8);
    byte[] second = "second".getBytes(StandardCharsets.UTF_8);
    byte[] gzip = Frames.concat(Frames.gzip(first), Frames.gzip(second));

    byte[] inflated = Gunzip.inflate(gzip, 0, gzip.length, MIB, InFlightBudget.unlimited().reservation());

    assertThat(inflated).isEqualTo(Frames.concat(first, second));
  }

  @Test
  void inflatesASliceOfALargerArray() throws Exception {
    byte[] text = "entries".getBytes(StandardCharsets.UTF_8);
    byte[] gzip = Frames.gzip(text);
    byte[] frame = Frames.concat(new byte[] {1, 2, 3}, gzip, new byte[] {4, 5});

    assertThat(Gunzip.inflate(frame, 3, gzip.length, MIB, InFlightBudget.unlimited().reservation()))
        .isEqualTo(text);
  }

  @Test
  void aTrailerWhoseSizeDoesNotMatchIsRefusedAsCorrupt() {
    byte[] text = "the trailer says otherwise".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] gzip = Frames.gzip(text);
    gzip[gzip.length - 4] ^= 0x10;

    assertThatThrownBy(() -> Gunzip.inflate(gzip, 0, gzip.length, MIB, InFlightBudget.unlimited().reservation()))
        .isInstanceOf(ForwardProtocolException.class)
        .hasMessageStartingWith("compressed entries are not valid gzip");
  }

  @Test
  void whenTheBudgetCannotHoldTheInflatedBytesNothingIsKept() {
    byte[] text = new byte[(int) MIB];
    byte[] gzip = Frames.gzip(text);
    InFlightBudget budget = new InFlightBudget(MIB);
    InFlightBudget.Reservation other = budget.reservation();
    other.tryGrowTo(MIB - 1);
    other.tryGrowTo(MIB + 1);  // takes the overdraft
    InFlightBudget.Reservation reservation = budget.reservation();
    reservation.growTo(100);

    assertThatThrownBy(() -> Gunzip.inflate(gzip, 0, gzip.length, 4 * MIB, reservation))
        .isInstanceOf(BudgetExhaustedException.class);
    assertThat(reservation.held()).isEqualTo(100);
  }

  @Test
  void bytesThatAreNotGzipAreRefused() {
    byte[] junk = "not gzip at all, not at all".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Gunzip.inflate(junk, 0, junk.length, MIB, InFlightBudget.unlimited().reservation()))
        .isInstanceOf(ForwardProtocolException.class)
        .hasMessageStartingWith("compressed entries are not valid gzip");
  }
}
