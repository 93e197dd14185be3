package io.sluice.agent.buffer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

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
  private final GaugeWithCallback refusing;
  private final GaugeWithCallback filesystemFreeBytes;
  private final GaugeWithCallback maxBytes;
  private final Counter corruptEntries;
  private final Counter corruptBytes;
  private final Counter corruptFiles;

  /**
   * @param refusingFor whether the buffer refuses now for a reason
   * @param freeBytes the free bytes of the buffer's filesystem, as last measured
   * @param limit {@code buffer.max_bytes}, exported so dashboards and alerts can compare the unshipped bytes to it
   */
  BufferMetrics(PrometheusRegistry registry, LongSupplier unshipped, Predicate<RefusalReason> refusingFor,
      LongSupplier freeBytes, long limit) {
    this.registry = registry;
    appendedBatches = counter("sluice_buffer_appended_batches", "Batches appended to the buffer");
    appendedEvents = counter("sluice_buffer_appended_events", "Events appended to the buffer");
    appendedBytes = counter("sluice_buffer_appended_bytes", "Bytes of entries appended to the buffer");
    refusedBatches = Counter.builder()
        .name("sluice_buffer_refused_batches")
        .help("Batches refused: reason=full while over buffer.max_bytes, reason=disk_full while the filesystem "
            + "lacks buffer.disk_reserve, reason=too_large when one can never fit")
        .labelNames("reason")
        .register(registry);
    // At zero from the start: an alert on increase() misses the first refusal of a series that appears at 1.
    for (String reason : List.of("full", "disk_full", "too_large")) {
      refusedBatches.initLabelValues(reason);
    }
    fsyncs = counter("sluice_buffer_fsyncs", "Buffer files forced to disk, counted per file and force");
    deletedFiles = counter("sluice_buffer_deleted_files", "Buffer files deleted after every output shipped them");
    unshippedBytes = GaugeWithCallback.builder()
        .name("sluice_buffer_unshipped_bytes")
        .help("Bytes of buffer entries not yet shipped by every output, counted against buffer.max_bytes")
        .callback(callback -> callback.call(unshipped.getAsLong()))
        .register(registry);
    refusing = GaugeWithCallback.builder()
        .name("sluice_buffer_refusing")
        .help("1 while the buffer refuses appends for the reason: full (buffer.max_bytes) or disk_full")
        .labelNames("reason")
        .callback(callback -> {
          for (RefusalReason reason : RefusalReason.values()) {
            callback.call(refusingFor.test(reason) ? 1 : 0, reason.label());
          }
        })
        .register(registry);
    filesystemFreeBytes = GaugeWithCallback.builder()
        .name("sluice_buffer_filesystem_free_bytes")
        .help("Free bytes of the buffer directory's filesystem, usable by the agent, as last measured")
        .callback(callback -> callback.call(freeBytes.getAsLong()))
        .register(registry);
    maxBytes = GaugeWithCallback.builder()
        .name("sluice_buffer_max_bytes")
        .help("buffer.max_bytes: appends are refused while the unshipped bytes exceed it")
        .callback(callback -> callback.call(limit))
        .register(registry);
    corruptEntries = counter("sluice_buffer_corrupt_entries_skipped",
        "Buffer entries found damaged at start and skipped, as far as the damaged file tells");
    corruptBytes = counter("sluice_buffer_corrupt_bytes_skipped",
        "Bytes of buffer files found damaged at start and skipped");
    corruptFiles = counter("sluice_buffer_corrupt_files_skipped",
        "Buffer files found damaged at start, skipped whole or from the damage on");
  }

  void appended(int events, long entryBytes) {
    appendedBatches.inc();
    appendedEvents.inc(events);
    appendedBytes.inc(entryBytes);
  }

  void refusedFull() {
    refusedBatches.labelValues("full").inc();
  }

  void refusedDiskFull() {
    refusedBatches.labelValues("disk_full").inc();
  }

  /** Counts what the open-time repair skipped. */
  void skippedCorrupt(QueueDamage damage) {
    corruptEntries.inc(damage.entries());
    corruptBytes.inc(damage.bytes());
    corruptFiles.inc(damage.files());
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
        fsyncs, deletedFiles, unshippedBytes, refusing, filesystemFreeBytes, maxBytes, corruptEntries,
        corruptBytes, corruptFiles)) {
      registry.unregister(collector);
    }
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }
}
