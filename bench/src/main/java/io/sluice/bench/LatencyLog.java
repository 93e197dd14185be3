package io.sluice.bench;

import java.util.Arrays;

/** Latencies of one connection's requests, in nanoseconds, in a growable primitive array (no boxing per request). */
final class LatencyLog {

  private long[] values = new long[1 << 14];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
