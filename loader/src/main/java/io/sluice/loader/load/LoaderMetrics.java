package io.sluice.loader.load;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The embedded loader's metrics: batches loaded and failed, how long loads and files wait, retries, stale locks; per
 * prefix the open, due and locked batches and the oldest due one; per cluster its availability, outage and waiting
 * loads; clusters skipped because their receipt shows the batch committed there.
 */
public final class LoaderMetrics {

  private final Counter batches;
  private final Counter files;
  private final Histogram loadSeconds;
  private final Histogram batchLatencySeconds;
  private final Counter clusterRetries;
  private final Gauge staleLocks;
  private final Counter scanErrors;
  private final Gauge openBatches;
  private final Gauge dueBatches;
  private final Gauge lockedBatches;
  private final Gauge oldestDueAge;
  private final Gauge clusterAvailable;
  private final Gauge clusterOutageSince;
  private final Gauge clusterWaitingLoads;
  private final Counter skippedByReceipt;

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
    openBatches = Gauge.builder().name("sluice_loader_open_batches")
        .help("Open batches of a prefix at the last scan: the current one and any orphan")
        .labelNames("prefix").register(registry);
    dueBatches = Gauge.builder().name("sluice_loader_due_batches")
        .help("Open batches of a prefix due by count, bytes or age at the last scan (locked right after)")
        .labelNames("prefix").register(registry);
    lockedBatches = Gauge.builder().name("sluice_loader_locked_batches")
        .help("Batches of a prefix locked at the last scan: loading, or waiting for a cluster")
        .labelNames("prefix").register(registry);
    oldestDueAge = Gauge.builder().name("sluice_loader_oldest_due_batch_age_seconds")
        .help("Since when the oldest batch of a prefix that is due or being loaded by this loader has been due;"
            + " 0 when none is").labelNames("prefix").register(registry);
    clusterAvailable = Gauge.builder().name("sluice_loader_cluster_available")
        .help("1 while a cluster answers, 0 while its loads wait out an outage").labelNames("cluster")
        .register(registry);
    clusterOutageSince = Gauge.builder().name("sluice_loader_cluster_outage_since_seconds")
        .help("When the cluster's current outage began, in Unix seconds; 0 when there is none")
        .labelNames("cluster").register(registry);
    clusterWaitingLoads = Gauge.builder().name("sluice_loader_cluster_waiting_loads")
        .help("Batch loads not yet done on a cluster: queued, running, or waiting out its outage")
        .labelNames("cluster").register(registry);
    skippedByReceipt = Counter.builder().name("sluice_loader_clusters_skipped_by_receipt_total")
        .help("Cluster loads skipped because the cluster's load receipt shows the batch committed there already")
        .labelNames("prefix", "cluster").register(registry);
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

  void prefix(LoaderStatus.PrefixStatus status, Instant now) {
    String prefix = status.s3Prefix();
    // Both results at zero once the prefix is known, so that increase() sees the first failed batch.
    batches.initLabelValues(prefix, "complete");
    batches.initLabelValues(prefix, "error");
    openBatches.labelValues(prefix).set(status.openBatches());
    dueBatches.labelValues(prefix).set(status.dueBatches());
    lockedBatches.labelValues(prefix).set(status.lockedBatches());
    oldestDueAge.labelValues(prefix).set(status.oldestDue() == null ? 0
        : Math.max(0, Duration.between(status.oldestDue(), now).toMillis() / 1e3));
  }

  void cluster(String cluster, Instant outageSince, int waitingLoads) {
    clusterRetries.initLabelValues(cluster);
    clusterAvailable.labelValues(cluster).set(outageSince == null ? 1 : 0);
    clusterOutageSince.labelValues(cluster).set(outageSince == null ? 0 : outageSince.getEpochSecond());
    clusterWaitingLoads.labelValues(cluster).set(waitingLoads);
  }

  void skippedByReceipt(String prefix, String cluster) {
    skippedByReceipt.labelValues(prefix, cluster).inc();
  }

  void scanFailed() {
    scanErrors.inc();
  }
}
