package io.sluice.agent.connection;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** One listener's connection metrics: connections open, refused over a limit, closed for a slow transfer. */
public final class ConnectionMetrics {

  private final Gauge open;
  private final Counter refused;
  private final Counter slow;

  /**
   * @param listener the metric names' middle part, e.g. {@code forward} for {@code sluice_forward_connections_open}
   */
  public ConnectionMetrics(PrometheusRegistry registry, String listener) {
    open = Gauge.builder()
        .name("sluice_" + listener + "_connections_open")
        .help("Connections open on the " + listener + " listener")
        .register(registry);
    refused = Counter.builder()
        .name("sluice_" + listener + "_connections_refused_total")
        .help("Connections to the " + listener + " listener closed on arrival over a limit, by reason")
        .labelNames("reason")
        .register(registry);
    // At zero from the start, so that increase() sees the first refusal.
    refused.initLabelValues("max");
    refused.initLabelValues("max_per_source");
    slow = Counter.builder()
        .name("sluice_" + listener + "_slow_transfers_total")
        .help("Connections to the " + listener + " listener closed because a message arrived below the minimum "
            + "transfer rate")
        .register(registry);
  }

  void opened() {
    open.inc();
  }

  void closed() {
    open.dec();
  }

  /** Counts a connection refused for {@code reason}: {@code max} or {@code max_per_source}. */
  void refused(String reason) {
    refused.labelValues(reason).inc();
  }

  void slowTransfer() {
    slow.inc();
  }
}
