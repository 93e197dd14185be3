package io.sluice.agent.output;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads counter values back from a registry, as a scrape would see them. */
final class MetricValues {

  private MetricValues() {}

  /**
   * The value of counter {@code name} (without {@code _total}) for the given label names and values, alternating;
   * 0 when that series does not exist.
   */
  static double counter(PrometheusRegistry registry, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter && counter.getMetadata().getName().equals(name)) {
        for (CounterDataPointSnapshot point : counter.getDataPoints()) {
          if (point.getLabels().equals(wanted)) {
            return point.getValue();
          }
        }
      }
    }
    return 0;
  }

  /** The value of gauge {@code name} for the given label names and values, alternating; NaN when that series does
   * not exist. */
  static double gauge(PrometheusRegistry registry, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof GaugeSnapshot gauge && gauge.getMetadata().getName().equals(name)) {
        for (GaugeDataPointSnapshot point : gauge.getDataPoints()) {
          if (point.getLabels().equals(wanted)) {
            return point.getValue();
          }
        }
      }
    }
    return Double.NaN;
  }
}
