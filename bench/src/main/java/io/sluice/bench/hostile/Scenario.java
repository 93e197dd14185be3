package io.sluice.bench.hostile;

/** One attack on an agent, run while the control clients keep sending beside it. */
interface Scenario {

  /** A short name, used in the report, in record ids and by {@code hostile.only}. */
  String name();

  /** What the scenario does and what it checks, one sentence for the report. */
  String description();

  AgentKind agent();

  /** Whether the control clients run beside the attack; false where the attack stops everyone by design. */
  default boolean controlled() {
    return true;
  }

  /** Sends the attack; returns when it is over. Throws {@link ScenarioContext.NotRun} if it cannot be set up. */
  void attack(ScenarioContext context) throws Exception;
}
