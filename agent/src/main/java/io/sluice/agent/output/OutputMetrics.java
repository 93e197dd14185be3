package io.sluice.agent.output;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The outputs' metrics, registered once per registry and labelled by destination: files sealed by reason, bytes and
 * records shipped, upload retries by reason, upload latency, malformed records skipped, rewinds after failures.
 */
public final class OutputMetrics {

  private final Counter sealed;
  private final Counter shippedBytes;
  private final Counter shippedRecords;
  private final Counter retries;
  private final Histogram uploadSeconds;
  private final Counter malformed;
  private final Counter rewinds;

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
        .help("Records skipped because their bytes could not be read").labelNames("destination")
        .register(registry);
    rewinds = Counter.builder().name("sluice_output_rewinds_total")
        .help("Times a destination failed and restarted from its journal").labelNames("destination")
        .register(registry);
  }

  /** Registers the output metrics in {@code registry}; call once per registry and share the result. */
  public static OutputMetrics register(PrometheusRegistry registry) {
    return new OutputMetrics(registry);
  }

  /** The metrics of one destination. */
  DestinationMetrics forDestination(String destination) {
    return new DestinationMetrics(destination);
  }

  /** One destination's view of {@link OutputMetrics}. */
  final class DestinationMetrics {

    private final String destination;

    private DestinationMetrics(String destination) {
      this.destination = destination;
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

    void rewound() {
      rewinds.labelValues(destination).inc();
    }
  }
}
