package io.sluice.agent.input.forward;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sluice.agent.fuzz.Allocations;
import io.sluice.agent.input.BudgetExhaustedException;
import io.sluice.agent.input.InFlightBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;

/**
 * Compressed entries: any bytes inflate to at most the limit or are refused, and cost memory near the limit.
 *
 * <p>The first byte picks the shape. Even: the rest is taken as gzip, however broken. Odd: the rest is a payload,
 * at most 64 bytes of it repeated as many times as the second byte says (times 64) and gzipped as one or two members, so the fuzzer also
 * makes valid streams that inflate far beyond the limit, which bytes mutated at random would almost never be.
 */
@Tag("fuzz")
class GunzipFuzzTest {

  private static final long LIMIT = 4096;
  /** Generous: the 64 KiB buffers of the inflater and the copy, plus a few times the limit and the input. */
  private static final long ALLOCATION_SLACK = 512 * 1024;

  @FuzzTest
  void inflate(byte[] input) {
    byte[] compressed = input.length > 1 && (input[0] & 1) == 1 ? bomb(input)
        : Arrays.copyOfRange(input, Math.min(1, input.length), input.length);
    long bound = ALLOCATION_SLACK + 4 * LIMIT + 8L * compressed.length;
    Allocations.bounded("inflating " + compressed.length + " bytes", bound, () -> {
      try {
        byte[] inflated = Gunzip.inflate(compressed, 0, compressed.length, LIMIT,
            InFlightBudget.unlimited().reservation());
        if (inflated.length > LIMIT) {
          throw new AssertionError("inflated to " + inflated.length + " bytes, over the limit of " + LIMIT);
        }
      } catch (ForwardProtocolException refused) {
        // The documented refusal: not gzip, or more than the limit.
      } catch (BudgetExhaustedException e) {
        throw new AssertionError("an unlimited budget refused a reservation", e);
      }
    });
  }

  private static byte[] bomb(byte[] input) {
    byte[] payload = Arrays.copyOfRange(input, 2, Math.min(input.length, 2 + 64));
    int repeats = (input[1] & 0xff) * 64;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int member = 0; member < 1 + (input[0] >> 1 & 1); member++) {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
          for (int i = 0; i < repeats; i++) {
            gzip.write(payload);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
