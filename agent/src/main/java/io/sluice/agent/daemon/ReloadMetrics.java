package io.sluice.agent.daemon;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;

/** {@code sluice_config_reloads_total{result}} and the time the running configuration was last loaded. */
final class ReloadMetrics {

  private static final double MILLIS_PER_SECOND = 1000.0;

  private final Counter reloads;
  private final Gauge lastSuccess;
  private final Clock clock;

  ReloadMetrics(PrometheusRegistry registry, Clock clock) {
    this.clock = clock;
    reloads = Counter.builder().name("sluice_config_reloads_total")
        .help("Configuration reloads (SIGHUP), by result: applied, or rejected (the old configuration kept)")
        .labelNames("result").register(registry);
    lastSuccess = Gauge.builder().name("sluice_config_last_reload_success_timestamp_seconds")
        .help("Unix time the running configuration was loaded: the start, then each applied reload")
        .register(registry);
    reloads.labelValues("applied");
    reloads.labelValues("rejected");
    loaded();
  }

  void applied() {
    reloads.labelValues("applied").inc();
    loaded();
  }

  void rejected() {
    reloads.labelValues("rejected").inc();
  }

  private void loaded() {
    lastSuccess.set(clock.millis() / MILLIS_PER_SECOND);
  }
}
