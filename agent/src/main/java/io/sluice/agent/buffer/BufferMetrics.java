package io.sluice.agent.buffer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.LongSupplier;

/** The buffer's Prometheus metrics; unregistered on close so a buffer can be reopened on the same registry. */
final class BufferMetrics implements AutoCloseable {

  private final PrometheusRegistry registry;
  private final Counter appendedBatches;
  private final Counter appendedEvents;
  private final Counter appendedBytes;
  private final Counter refusedBatches;
  private final Counter fsyncs;
  private final Counter deletedFiles;
  private final GaugeWithCallback unshippedBytes;

  BufferMetrics(PrometheusRegistry registry, LongSupplier unshipped) {
    this.registry = registry;
    appendedBatches = counter("sluice_buffer_appended_batches", "Batches appended to the buffer");
    appendedEvents = counter("sluice_buffer_appended_events", "Events appended to the buffer");
    appendedBytes = counter("sluice_buffer_appended_bytes", "Bytes of entries appended to the buffer");
    refusedBatches = Counter.builder()
        .name("sluice_buffer_refused_batches")
        .help("Batches refused: reason=full while over buffer.max_bytes, reason=too_large when one can never fit")
        .labelNames("reason")
        .register(registry);
    fsyncs = counter("sluice_buffer_fsyncs", "Buffer files forced to disk, counted per file and force");
    deletedFiles = counter("sluice_buffer_deleted_files", "Buffer files deleted after every output shipped them");
    unshippedBytes = GaugeWithCallback.builder()
        .name("sluice_buffer_unshipped_bytes")
        .help("Bytes of buffer entries not yet shipped by every output, counted against buffer.max_bytes")
        .callback(callback -> callback.call(unshipped.getAsLong()))
        .register(registry);
  }

  void appended(int events, long entryBytes) {
    appendedBatches.inc();
    appendedEvents.inc(events);
    appendedBytes.inc(entryBytes);
  }

  void refusedFull() {
    refusedBatches.labelValues("full").inc();
  }

  void refusedTooLarge() {
    refusedBatches.labelValues("too_large").inc();
  }

  void fsynced() {
    fsyncs.inc();
  }

  void deletedFile() {
    deletedFiles.inc();
  }

  @Override
  public void close() {
    for (Collector collector : List.<Collector>of(appendedBatches, appendedEvents, appendedBytes, refusedBatches,
        fsyncs, deletedFiles, unshippedBytes)) {
      registry.unregister(collector);
    }
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }
}
