package io.sluice.agent.daemon;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Builds the metrics registry one agent owns, so two agents in one JVM (as in tests) never share counters. */
final class AgentMetrics {

  private AgentMetrics() {}

  /** A fresh registry with the JVM metrics and {@code sluice_agent_info{agent_id="..."} 1}. */
  static PrometheusRegistry create(String agentId) {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    Info info = Info.builder()
        .name("sluice_agent_info")
        .help("Identity of this Sluice agent")
        .labelNames("agent_id")
        .register(registry);
    info.setLabelValues(agentId);
    return registry;
  }
}
