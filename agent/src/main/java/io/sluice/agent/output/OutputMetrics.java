package io.sluice.agent.output;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.agent.buffer.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The outputs' metrics, registered once per registry and labelled by destination: files sealed by reason, bytes and
 * records shipped, upload retries by reason, upload latency, malformed records, rewinds after failures, files
 * quarantined by reason; and, read at each scrape, backlog, oldest unshipped age, files by state, last upload time
 * and the current failure.
 */
public final class OutputMetrics {

  private static final double MILLIS_PER_SECOND = 1000.0;
  /** The labels a failed attempt is retried under: {@code FailureClassifier}'s destination labels and the hook's. */
  private static final List<String> RETRY_REASONS = List.of("access_denied", "no_such_bucket", "throttled",
      "server_error", "timeout", "connection", "io", "rejected", "hook", "error");
  /** The labels a file is quarantined under: {@code FailureClassifier}'s file labels. */
  private static final List<String> QUARANTINE_REASONS = List.of("key_too_long", "entity_too_large",
      "invalid_argument", "invalid_key", "name_too_long", "path_obstacle");

  private final Counter sealed;
  private final Counter shippedBytes;
  private final Counter shippedRecords;
  private final Counter retries;
  private final Histogram uploadSeconds;
  private final Counter malformed;
  private final Counter rewinds;
  private final Counter quarantined;
  private final Counter outOfWindow;
  private final List<Source> sources = new CopyOnWriteArrayList<>();

  /** What the scrape-time gauges of one destination read. */
  private record Source(String destination, Supplier<Backlog> backlog, DestinationHealth health, Clock clock) {}

  private OutputMetrics(PrometheusRegistry registry) {
    sealed = Counter.builder().name("sluice_output_files_sealed_total")
        .help("Files sealed for upload, by why they were sealed").labelNames("destination", "reason")
        .register(registry);
    shippedBytes = Counter.builder().name("sluice_output_shipped_bytes_total")
        .help("Bytes of files the store confirmed").labelNames("destination").register(registry);
    shippedRecords = Counter.builder().name("sluice_output_shipped_records_total")
        .help("Records in files the store confirmed").labelNames("destination").register(registry);
    retries = Counter.builder().name("sluice_output_upload_retries_total")
        .help("Failed attempts that will be retried, by reason (hook: the upload hook refused the file)")
        .labelNames("destination", "reason").register(registry);
    uploadSeconds = Histogram.builder().name("sluice_output_upload_duration_seconds").unit(Unit.SECONDS)
        .help("Time of one successful upload attempt").labelNames("destination")
        .classicExponentialUpperBounds(0.05, 2, 12).register(registry);
    malformed = Counter.builder().name("sluice_output_malformed_records_total")
        .help("Records whose bytes could not be read, kept in quarantine instead of the file")
        .labelNames("destination").register(registry);
    rewinds = Counter.builder().name("sluice_output_rewinds_total")
        .help("Times a destination failed and restarted from its journal").labelNames("destination")
        .register(registry);
    quarantined = Counter.builder().name("sluice_output_files_quarantined_total")
        .help("Files the store refused for good, written to quarantine instead, by reason")
        .labelNames("destination", "reason").register(registry);
    outOfWindow = Counter.builder().name("sluice_output_records_out_of_window_total")
        .help("Records whose event time lay further than slice.max_past before (past) or slice.max_future after"
            + " (future) their arrival, put into their arrival's slice instead").labelNames("destination", "side")
        .register(registry);
    registerGauges(registry);
  }

  private void registerGauges(PrometheusRegistry registry) {
    GaugeWithCallback.builder().name("sluice_output_backlog_bytes")
        .help("Bytes of buffer entries the destination has not shipped").labelNames("destination")
        .callback(callback -> sources.forEach(source ->
            callback.call(source.backlog().get().bytes(), source.destination())))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_output_backlog_records")
        .help("Records in buffer entries the destination has not shipped").labelNames("destination")
        .callback(callback -> sources.forEach(source ->
            callback.call(source.backlog().get().records(), source.destination())))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_output_oldest_unshipped_age_seconds")
        .help("Age of the oldest record the destination has not shipped; 0 when none waits")
        .labelNames("destination")
        .callback(callback -> sources.forEach(source ->
            callback.call(oldestAgeSeconds(source), source.destination())))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_output_files")
        .help("Files by state: open (being written), uploading (now), waiting (sealed, not yet confirmed)")
        .labelNames("destination", "state")
        .callback(callback -> sources.forEach(source -> {
          DestinationHealth.Snapshot health = source.health().snapshot();
          callback.call(health.filesOpen(), source.destination(), "open");
          callback.call(health.filesUploading(), source.destination(), "uploading");
          callback.call(health.filesWaiting(), source.destination(), "waiting");
        }))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_output_last_upload_timestamp_seconds")
        .help("Unix time the store last confirmed a file of the destination; 0 when none since the start")
        .labelNames("destination")
        .callback(callback -> sources.forEach(source -> {
          Instant last = source.health().snapshot().lastUpload();
          callback.call(last == null ? 0 : last.toEpochMilli() / MILLIS_PER_SECOND, source.destination());
        }))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_output_failing")
        .help("1 while the destination's uploads fail and are retried, labelled with the current reason;"
            + " 0 with reason none while healthy")
        .labelNames("destination", "reason")
        .callback(callback -> sources.forEach(source -> {
          DestinationHealth.Snapshot health = source.health().snapshot();
          if (health.failure() == null) {
            callback.call(0, source.destination(), "none");
          } else {
            callback.call(1, source.destination(), health.failure().label());
          }
        }))
        .register(registry);
  }

  private static double oldestAgeSeconds(Source source) {
    Instant oldest = source.backlog().get().oldestAppended();
    if (oldest == null) {
      return 0;
    }
    return Math.max(0, Duration.between(oldest, source.clock().instant()).toMillis() / MILLIS_PER_SECOND);
  }

  /** Registers the output metrics in {@code registry}; call once per registry and share the result. */
  public static OutputMetrics register(PrometheusRegistry registry) {
    return new OutputMetrics(registry);
  }

  /** The metrics of one destination, whose gauges read {@code backlog} and {@code health} at each scrape. */
  DestinationMetrics forDestination(String destination, Supplier<Backlog> backlog, DestinationHealth health) {
    Source source = new Source(destination, backlog, health, Clock.systemUTC());
    sources.add(source);
    // The failure counters are exported at zero from the start: an alert on increase() cannot see the first
    // failure of a series that first appears already at 1.
    for (String reason : RETRY_REASONS) {
      retries.initLabelValues(destination, reason);
    }
    for (String reason : QUARANTINE_REASONS) {
      quarantined.initLabelValues(destination, reason);
    }
    malformed.initLabelValues(destination);
    outOfWindow.initLabelValues(destination, "past");
    outOfWindow.initLabelValues(destination, "future");
    rewinds.initLabelValues(destination);
    return new DestinationMetrics(source);
  }

  /** One destination's view of {@link OutputMetrics}. */
  final class DestinationMetrics {

    private final Source source;
    private final String destination;

    private DestinationMetrics(Source source) {
      this.source = source;
      this.destination = source.destination();
    }

    /** Stops the scrape-time gauges reading this destination, once it is closed. */
    void remove() {
      sources.remove(source);
    }

    void sealed(String reason) {
      sealed.labelValues(destination, reason).inc();
    }

    void shipped(long bytes, long records) {
      shippedBytes.labelValues(destination).inc(bytes);
      shippedRecords.labelValues(destination).inc(records);
    }

    void retried(String reason) {
      retries.labelValues(destination, reason).inc();
    }

    void uploaded(double seconds) {
      uploadSeconds.labelValues(destination).observe(seconds);
    }

    void malformed(int records) {
      malformed.labelValues(destination).inc(records);
    }

    void outOfWindow(String side, long records) {
      if (records > 0) {
        outOfWindow.labelValues(destination, side).inc(records);
      }
    }

    void rewound() {
      rewinds.labelValues(destination).inc();
    }

    void quarantined(String reason) {
      quarantined.labelValues(destination, reason).inc();
    }
  }
}
