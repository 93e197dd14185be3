package io.sluice.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What one measured phase saw: every acknowledged request's latency, the wall time and the failures.
 *
 * @param latencies sorted request latencies in nanoseconds
 * @param nanos wall time of the phase
 * @param failures requests not answered with 200
 */
record Measurement(long[] latencies, long nanos, int failures) {

  static Measurement of(List<long[]> perConnection, long nanos, int failures) {
    long[] all = perConnection.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Measurement(all, nanos, failures);
  }

  long requests() {
    return latencies.length;
  }

  double seconds() {
    return nanos / 1e9;
  }

  void print(int recordsPerRequest, int bytesPerRequest) {
    double seconds = seconds();
    System.out.printf("throughput: %,.0f records/s, %.1f MB/s (%,.0f requests/s), failed requests: %d%n",
        requests() * recordsPerRequest / seconds, requests() * (double) bytesPerRequest / seconds / 1e6,
        requests() / seconds, failures);
    System.out.printf("latency per request: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        percentile(0.50), percentile(0.90), percentile(0.99), percentile(1.0));
  }

  private double percentile(double fraction) {
    if (latencies.length == 0) {
      return Double.NaN;
    }
    return Percentiles.of(latencies, fraction) / 1e6;
  }
}
