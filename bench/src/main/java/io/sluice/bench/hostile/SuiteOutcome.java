package io.sluice.bench.hostile;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the suite found: every scenario's result, the bounds they are judged against, the agents that had
 * to be restarted, and where the report and the agents' logs were written.
 *
 * @param bounds the limits every scenario is judged against
 * @param results one per selected scenario, in the order they ran, with what landed in the output
 * @param restarts one line per agent a scenario killed and the suite restarted
 * @param reportDir where report.md, report.json and the agents' logs are
 */
record SuiteOutcome(Bounds bounds, List<ScenarioResult> results, List<String> restarts, Path reportDir) {

  SuiteOutcome {
    results = List.copyOf(results);
    restarts = List.copyOf(restarts);
  }

  /** The scenarios that ran and broke a bound. */
  List<ScenarioResult> failed() {
    return results.stream().filter(ScenarioResult::ran).filter(result -> !bounds.passed(result)).toList();
  }

  /** The scenarios that could not run (an agent that would not start, a buffer that never filled). */
  List<ScenarioResult> notRun() {
    return results.stream().filter(result -> !result.ran()).toList();
  }

  /** The report's table with its notes and failed checks, as printed and written to report.md. */
  String markdown() {
    return new ResultTable(bounds).markdown(results);
  }
}
