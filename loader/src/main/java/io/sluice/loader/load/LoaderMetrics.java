package io.sluice.loader.load;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The embedded loader's metrics: batches loaded and failed, how long loads and files wait, retries, stale locks. */
public final class LoaderMetrics {

  private final Counter batches;
  private final Counter files;
  private final Histogram loadSeconds;
  private final Histogram batchLatencySeconds;
  private final Counter clusterRetries;
  private final Gauge staleLocks;
  private final Counter scanErrors;

  public LoaderMetrics(PrometheusRegistry registry) {
    batches = Counter.builder().name("sluice_loader_batches_total")
        .help("Batches closed by this loader, by prefix and result (complete or error)")
        .labelNames("prefix", "result").register(registry);
    files = Counter.builder().name("sluice_loader_files_loaded_total")
        .help("Files committed into every cluster by this loader").labelNames("prefix").register(registry);
    loadSeconds = Histogram.builder().name("sluice_loader_load_duration_seconds")
        .help("From a batch's lock to its close: manifest, COPY in every cluster, status")
        .labelNames("prefix").register(registry);
    batchLatencySeconds = Histogram.builder().name("sluice_loader_batch_latency_seconds")
        .help("From a batch's first registered file to its committed load")
        .classicUpperBounds(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200)
        .labelNames("prefix").register(registry);
    clusterRetries = Counter.builder().name("sluice_loader_cluster_retries_total")
        .help("COPY attempts retried because a cluster was unreachable or unavailable")
        .labelNames("cluster").register(registry);
    staleLocks = Gauge.builder().name("sluice_loader_stale_locks")
        .help("Batches locked without a lastUpdate for longer than loader.stale_lock_after (a loader died?)")
        .labelNames("prefix").register(registry);
    scanErrors = Counter.builder().name("sluice_loader_scan_errors_total")
        .help("Scans for due batches that failed (DynamoDB unreachable, throttled)").register(registry);
  }

  void batchClosed(String prefix, LoadOutcome outcome, Duration took, Instant firstWrite, Instant now) {
    batches.labelValues(prefix, outcome.ok() ? "complete" : "error").inc();
    loadSeconds.labelValues(prefix).observe(took.toNanos() / 1e9);
    if (outcome.ok()) {
      files.labelValues(prefix).inc(outcome.files());
      if (firstWrite != null) {
        batchLatencySeconds.labelValues(prefix).observe(Duration.between(firstWrite, now).toMillis() / 1e3);
      }
    }
  }

  void clusterRetry(String cluster) {
    clusterRetries.labelValues(cluster).inc();
  }

  void staleLocks(Map<String, Integer> byPrefix) {
    byPrefix.forEach((prefix, count) -> staleLocks.labelValues(prefix).set(count));
  }

  void scanFailed() {
    scanErrors.inc();
  }
}
