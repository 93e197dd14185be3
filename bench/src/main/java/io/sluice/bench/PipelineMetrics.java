package io.sluice.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The agent's own account of the pipeline, read from its metrics registry. */
final class PipelineMetrics {

  private final PrometheusRegistry registry;

  PipelineMetrics(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** Uploaded files the tracker took into a batch. */
  long filesRegistered() {
    return (long) counter("sluice_tracker_registrations", "outcome", "registered");
  }

  /** Batches the embedded loader closed as complete. */
  long batchesLoaded() {
    return (long) counter("sluice_loader_batches", "result", "complete");
  }

  /**
   * Prints {@code sluice_loader_load_duration_seconds}, a batch's lock to its close (manifest, COPY, status writes):
   * the mean, and percentiles read from the histogram's native buckets, so each is an upper bound within a few
   * percent.
   */
  void printLoadDurations() {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals("sluice_loader_load_duration_seconds")
          && snapshot instanceof HistogramSnapshot histogram) {
        for (HistogramSnapshot.HistogramDataPointSnapshot point : histogram.getDataPoints()) {
          System.out.printf("load per batch (lock to close: manifest, COPY, status), %s: %,d loads, mean %.3f s, %s%n",
              point.getLabels().get("prefix"), point.getCount(), point.getSum() / point.getCount(),
              nativePercentiles(point));
        }
      }
    }
  }

  private static String nativePercentiles(HistogramSnapshot.HistogramDataPointSnapshot point) {
    if (!point.hasNativeHistogramData()) {
      return "no native buckets for percentiles";
    }
    // Native bucket i holds the values in (base^(i-1), base^i], base = 2^(2^-schema).
    double base = Math.pow(2, Math.pow(2, -point.getNativeSchema()));
    List<NativeHistogramBucket> buckets = new ArrayList<>();
    point.getNativeBucketsForPositiveValues().forEach(buckets::add);
    buckets.sort(Comparator.comparingInt(NativeHistogramBucket::getBucketIndex));
    StringBuilder text = new StringBuilder();
    for (double fraction : new double[] {0.5, 0.9, 1.0}) {
      long rank = (long) Math.ceil(fraction * point.getCount());
      long seen = point.getNativeZeroCount();
      double bound = 0;
      for (NativeHistogramBucket bucket : buckets) {
        if (seen >= rank) {
          break;
        }
        seen += bucket.getCount();
        bound = Math.pow(base, bucket.getBucketIndex());
      }
      text.append(text.length() == 0 ? "" : ", ").append(fraction == 1.0 ? "max" : "p" + Math.round(fraction * 100))
          .append(String.format(" ≤ %.3f s", bound));
    }
    return text.toString();
  }

  private double counter(String name, String label, String value) {
    double total = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name) && snapshot instanceof CounterSnapshot counter) {
        total += counter.getDataPoints().stream()
            .filter(point -> value.equals(point.getLabels().get(label)))
            .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
            .sum();
      }
    }
    return total;
  }
}
