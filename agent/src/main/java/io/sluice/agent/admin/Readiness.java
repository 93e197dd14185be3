package io.sluice.agent.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Evaluates the readiness checks for {@code /readyz}: 200 when all pass, else 503 naming the ones that fail. */
public final class Readiness {

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ReadinessCheck> checks;

  public Readiness(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /** Registers {@code sluice_agent_ready}: 1 while every check passes (as {@code /readyz} answers 200), else 0. */
  public void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("sluice_agent_ready")
        .help("1 while /readyz answers 200 (running, the buffer accepting, every output shipping), else 0")
        .callback(callback -> callback.call(problems().isEmpty() ? 1 : 0))
        .register(registry);
  }

  /** The checks that fail now, by name in registration order, each with its reason (empty when it gives none). */
  Map<String, String> problems() {
    Map<String, String> failing = new LinkedHashMap<>();
    for (ReadinessCheck check : checks) {
      problemOf(check).ifPresent(reason -> failing.put(check.name(), reason));
    }
    return failing;
  }

  /** The checks failing now, by name, each with why (for {@code /status}). */
  public Map<String, String> failures() {
    Map<String, String> failures = new LinkedHashMap<>();
    problems().forEach((name, reason) -> failures.put(name, reason.isEmpty() ? "not ready" : reason));
    return failures;
  }

  AdminResponse respond() {
    Map<String, String> problems = problems();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problems.isEmpty() ? "ready" : "not ready");
    if (!problems.isEmpty()) {
      body.put("failing", List.copyOf(problems.keySet()));
      Map<String, String> reasons = new LinkedHashMap<>(problems);
      reasons.values().removeIf(String::isEmpty);
      if (!reasons.isEmpty()) {
        body.put("reasons", reasons);
      }
    }
    return AdminResponse.json(problems.isEmpty() ? 200 : 503, write(body));
  }

  private static Optional<String> problemOf(ReadinessCheck check) {
    try {
      return check.problem();
    } catch (RuntimeException e) {
      // A check that cannot tell is not ready; the endpoint must keep answering. No stack trace: probes poll
      // every few seconds and would bury the log in copies of it.
      LOG.warn("Readiness check {} threw {}", check.name(), e.toString());
      return Optional.of("the check failed: " + e);
    }
  }

  private static String write(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a map of strings as JSON", e);
    }
  }
}
