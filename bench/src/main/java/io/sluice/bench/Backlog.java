package io.sluice.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * How the outputs keep up with the inputs, read from the agent's own metrics: records written to output files,
 * and the buffer's unshipped bytes.
 */
final class Backlog {

  private Backlog() {}

  /** Records the outputs have shipped so far, over all destinations. */
  static double shippedRecords(PrometheusRegistry metrics) {
    double shipped = 0;
    for (MetricSnapshot snapshot : metrics.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals("sluice_output_shipped_records")
          && snapshot instanceof CounterSnapshot counter) {
        shipped += counter.getDataPoints().stream().mapToDouble(point -> point.getValue()).sum();
      }
    }
    return shipped;
  }

  static void print(PrometheusRegistry metrics, double shippedBefore, double seconds) {
    double unshipped = 0;
    for (MetricSnapshot snapshot : metrics.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals("sluice_buffer_unshipped_bytes")
          && snapshot instanceof GaugeSnapshot gauge) {
        unshipped = gauge.getDataPoints().get(0).getValue();
      }
    }
    System.out.printf("output: %,.0f records/s written to JSON-lines files while measuring; backlog %.1f MiB in the"
        + " buffer when measuring stopped%n", (shippedRecords(metrics) - shippedBefore) / seconds,
        unshipped / (1 << 20));
  }
}
