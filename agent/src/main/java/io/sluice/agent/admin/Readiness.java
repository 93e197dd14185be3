package io.sluice.agent.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The names of the checks that fail now, in registration order. */
  List<String> failing() {
    List<String> failing = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      if (!passes(check)) {
        failing.add(check.name());
      }
    }
    return List.copyOf(failing);
  }

  /** The checks failing now, by name, each with why (for {@code /status}). */
  public Map<String, String> failures() {
    Map<String, String> failures = new LinkedHashMap<>();
    failing().forEach(name -> failures.put(name, "not ready"));
    return failures;
  }

  AdminResponse respond() {
    List<String> failing = failing();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", failing.isEmpty() ? "ready" : "not ready");
    if (!failing.isEmpty()) {
      body.put("failing", failing);
    }
    return AdminResponse.json(failing.isEmpty() ? 200 : 503, write(body));
  }

  private static boolean passes(ReadinessCheck check) {
    try {
      return check.isReady();
    } catch (RuntimeException e) {
      // A check that cannot tell is not ready; the endpoint must keep answering. No stack trace: probes poll
      // every few seconds and would bury the log in copies of it.
      LOG.warn("Readiness check {} threw {}", check.name(), e.toString());
      return false;
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
