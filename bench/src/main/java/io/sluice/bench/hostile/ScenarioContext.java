package io.sluice.bench.hostile;

import java.util.ArrayList;
import java.util.List;

/** What a scenario can use and report while it attacks: the target agent, the options, notes, checks, probes. */
final class ScenarioContext {

  /** Thrown by a scenario that cannot be set up here; the report says why it did not run. */
  static final class NotRun extends Exception {
    NotRun(String why) {
      super(why);
    }
  }

  private final AgentTarget target;
  private final SuiteOptions options;
  private final List<String> notes = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final ControlTally probes = new ControlTally();

  ScenarioContext(AgentTarget target, SuiteOptions options) {
    this.target = target;
    this.options = options;
  }

  AgentTarget target() {
    return target;
  }

  SuiteOptions options() {
    return options;
  }

  /** Hostile records sent with a {@code probe_id}: the acknowledged ones must land exactly once. */
  ControlTally probes() {
    return probes;
  }

  synchronized void note(String format, Object... args) {
    String note = String.format(java.util.Locale.ROOT, format, args);
    notes.add(note);
    System.out.println("  " + note);
  }

  synchronized void check(String name, boolean passed, String detail) {
    checks.add(Check.of(name, passed, detail));
  }

  synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  synchronized List<Check> checks() {
    return List.copyOf(checks);
  }

  NotRun notRun(String why) {
    return new NotRun(why);
  }
}
