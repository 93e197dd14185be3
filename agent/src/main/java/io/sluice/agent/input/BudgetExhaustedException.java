package io.sluice.agent.input;

/** The {@link InFlightBudget} cannot cover bytes a step needs now; nothing was kept, the step may be retried. */
public final class BudgetExhaustedException extends Exception {

  public BudgetExhaustedException(String message) {
    super(message);
  }
}
