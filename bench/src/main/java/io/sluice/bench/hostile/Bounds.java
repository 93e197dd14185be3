package io.sluice.bench.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits every scenario is judged against: the agent survives, answers {@code /healthz}, keeps its control
 * clients' acks under a latency bound, lands each acknowledged record exactly once and logs a bounded number of
 * lines without payload bytes.
 *
 * @param maxAckMillis the longest a control client may wait for an ack
 * @param maxLogLines the most log lines the agent may write during one scenario
 */
record Bounds(long maxAckMillis, long maxLogLines) {

  /** Every check of {@code result}: the generic ones, then those its scenario added. */
  List<Check> evaluate(ScenarioResult result) {
    List<Check> checks = new ArrayList<>();
    checks.add(Check.of("agent alive", result.agentAlive(), result.agentAlive() ? "alive" : "dead after the scenario"));
    if (result.health().ran()) {
      checks.add(Check.of("/healthz answered", result.health().failures() == 0
          && result.health().maxMillis() <= maxAckMillis, result.health().failures() + " failures, max "
          + seconds(result.health().maxMillis()) + " (bound " + seconds(maxAckMillis) + ")"));
    }
    control(checks, "forward control", result.forward());
    control(checks, "HTTP control", result.http());
    if (result.probes().acked() > 0) {
      ControlFigures probes = result.probes();
      checks.add(Check.of("acked probes exactly once", probes.lost() == 0 && probes.duplicates() == 0,
          probes.acked() + " of " + probes.sent() + " hostile records acked, " + probes.lost()
              + " of them never written, " + probes.duplicates() + " duplicates"));
    }
    checks.add(Check.of("log lines", result.logLines() <= maxLogLines,
        result.logLines() + " (bound " + maxLogLines + ")"));
    checks.add(Check.of("no payload in log", !result.payloadLogged(),
        result.payloadLogged() ? "the agent logged bytes a client sent" : "none"));
    checks.addAll(result.scenarioChecks());
    return checks;
  }

  boolean passed(ScenarioResult result) {
    return evaluate(result).stream().allMatch(Check::passed);
  }

  private void control(List<Check> checks, String client, ControlFigures figures) {
    if (!figures.ran()) {
      return;
    }
    checks.add(Check.of(client + " max ack", figures.maxMillis() <= maxAckMillis && figures.failures() == 0,
        "max " + seconds(figures.maxMillis()) + ", " + figures.failures() + " failures (bound "
            + seconds(maxAckMillis) + ", 0 failures)"));
    checks.add(Check.of(client + " exactly once", figures.lost() == 0 && figures.duplicates() == 0,
        figures.acked() + " acked, " + figures.lost() + " lost, " + figures.duplicates() + " duplicates"));
  }

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1e3);
  }
}
