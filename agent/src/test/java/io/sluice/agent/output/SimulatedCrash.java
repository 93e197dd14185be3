package io.sluice.agent.output;

/**
 * Stands in for the process dying: an Error no destination code catches, so its thread ends on the spot, with no
 * commit and no graceful close, leaving the journal and the store as a crash would.
 */
final class SimulatedCrash extends Error {

  private static final long serialVersionUID = 1L;

  SimulatedCrash(String where) {
    super("simulated crash " + where);
  }
}
