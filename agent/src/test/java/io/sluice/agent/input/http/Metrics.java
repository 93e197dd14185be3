package io.sluice.agent.input.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads metric values back from a registry in tests. */
final class Metrics {

  private Metrics() {}

  /** The value of counter {@code name} (without {@code _total}) with the given label pairs. */
  static double counter(PrometheusRegistry registry, String name, String... labelPairs) {
    CounterSnapshot counter = (CounterSnapshot) snapshot(registry, name);
    Labels labels = Labels.of(labelPairs);
    return counter.getDataPoints().stream()
        .filter(point -> point.getLabels().equals(labels))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  /** How many observations histogram {@code name} has. */
  static long histogramCount(PrometheusRegistry registry, String name) {
    HistogramSnapshot histogram = (HistogramSnapshot) snapshot(registry, name);
    return histogram.getDataPoints().stream().mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
  }

  private static MetricSnapshot snapshot(PrometheusRegistry registry, String name) {
    return registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }
}
