package io.sluice.agent.admin;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One condition {@code /readyz} requires, such as "the agent is running" or "the buffer has room". The endpoint
 * answers 200 only while every registered check passes.
 */
public interface ReadinessCheck {

  /** A short stable name; {@code /readyz} lists the names of the checks that fail. */
  String name();

  /** Whether this condition holds now. Called on every {@code /readyz} request, so it must be cheap. */
  boolean isReady();

  /** A check named {@code name} that passes while {@code condition} is true. */
  static ReadinessCheck of(String name, BooleanSupplier condition) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(condition, "condition");
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean isReady() {
        return condition.getAsBoolean();
      }
    };
  }
}
