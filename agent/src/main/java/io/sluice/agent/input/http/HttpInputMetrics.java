package io.sluice.agent.input.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The HTTP input's metrics: requests by status code, events and bytes accepted, and request latency. */
final class HttpInputMetrics {

  private final Counter requests;
  private final Counter events;
  private final Counter bytes;
  private final Histogram latency;

  HttpInputMetrics(PrometheusRegistry registry) {
    requests = Counter.builder()
        .name("sluice_http_requests_total")
        .help("HTTP input requests answered, by status code")
        .labelNames("code")
        .register(registry);
    events = Counter.builder()
        .name("sluice_http_events_accepted_total")
        .help("Events the HTTP input put into the buffer")
        .register(registry);
    bytes = Counter.builder()
        .name("sluice_http_accepted_bytes_total")
        .help("Record bytes the HTTP input put into the buffer")
        .unit(Unit.BYTES)
        .register(registry);
    latency = Histogram.builder()
        .name("sluice_http_request_duration_seconds")
        .help("Time from a request's last byte to its response, including the wait for the buffer")
        .unit(Unit.SECONDS)
        .classicOnly()
        .register(registry);
  }

  /** Counts one answered request and how long it took since it arrived. */
  void answered(int status, long elapsedNanos) {
    requests.labelValues(Integer.toString(status)).inc();
    latency.observe(Unit.nanosToSeconds(elapsedNanos));
  }

  /** Counts a batch the buffer accepted. */
  void accepted(int eventCount, long recordBytes) {
    events.inc(eventCount);
    bytes.inc(recordBytes);
  }
}
