package io.sluice.bench;

/** Nearest-rank percentiles of sorted samples (the hostile-client suite uses them too). */
public final class Percentiles {

  private Percentiles() {}

  /** The sample at {@code fraction} (1.0 is the maximum); {@code sorted} must not be empty. */
  public static long of(long[] sorted, double fraction) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  /** {@code p50 … s, p90 … s, p99 … s, max … s} of millisecond samples, or a note that there are none. */
  static String secondsOfMillis(long[] sortedMillis) {
    if (sortedMillis.length == 0) {
      return "no samples";
    }
    return String.format("p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s", of(sortedMillis, 0.50) / 1e3,
        of(sortedMillis, 0.90) / 1e3, of(sortedMillis, 0.99) / 1e3, of(sortedMillis, 1.0) / 1e3);
  }
}
