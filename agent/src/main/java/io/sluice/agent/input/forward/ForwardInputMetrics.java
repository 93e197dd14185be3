package io.sluice.agent.input.forward;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The forward input's metrics: events and bytes accepted, acks sent, connections closed for an error, frames
 * abandoned by their sender.
 */
public final class ForwardInputMetrics {

  private final Counter events;
  private final Counter bytes;
  private final Counter acks;
  private final Counter errors;
  private final Counter abandoned;

  ForwardInputMetrics(PrometheusRegistry registry) {
    events = Counter.builder()
        .name("sluice_forward_events_accepted_total")
        .help("Events the forward input put into the buffer")
        .register(registry);
    bytes = Counter.builder()
        .name("sluice_forward_accepted_bytes_total")
        .help("Record bytes (uncompressed) the forward input put into the buffer")
        .unit(Unit.BYTES)
        .register(registry);
    acks = Counter.builder()
        .name("sluice_forward_acks_total")
        .help("Chunk acks the forward input sent, each after its events were durable")
        .register(registry);
    errors = Counter.builder()
        .name("sluice_forward_connection_errors_total")
        .help("Forward connections closed because of what they sent, by kind")
        .labelNames("kind")
        .register(registry);
    abandoned = Counter.builder()
        .name("sluice_forward_abandoned_frames_total")
        .help("Frames asking for an ack that were not stored because their connection had closed")
        .register(registry);
  }

  /** Counts a batch the buffer accepted. */
  void accepted(int eventCount, long recordBytes) {
    events.inc(eventCount);
    bytes.inc(recordBytes);
  }

  /** Counts one ack written. */
  void acked() {
    acks.inc();
  }

  /** Counts a frame dropped unstored because its sender had gone. */
  void abandoned() {
    abandoned.inc();
  }

  /**
   * Counts a connection closed for {@code kind}: protocol, frame_too_large, pre_auth_frame_too_large,
   * batch_too_large or storage.
   */
  void connectionFailed(String kind) {
    errors.labelValues(kind).inc();
  }
}
