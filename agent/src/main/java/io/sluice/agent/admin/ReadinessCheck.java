package io.sluice.agent.admin;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One condition {@code /readyz} requires, such as "the agent is running" or "the buffer has room". The endpoint
 * answers 200 only while every registered check passes.
 */
public interface ReadinessCheck {

  /** A short stable name; {@code /readyz} lists the names of the checks that fail. */
  String name();

  /** Whether this condition holds now. Called on every {@code /readyz} request, so it must be cheap. */
  boolean isReady();

  /**
   * Why this condition does not hold now (an empty text when the check gives no reason), or empty while it holds.
   * {@code /readyz} calls this rather than {@link #isReady()}, so a check that explains itself is read once.
   */
  default Optional<String> problem() {
    return isReady() ? Optional.empty() : Optional.of("");
  }

  /** A check named {@code name} that fails, with the reason given, while {@code problem} returns one. */
  static ReadinessCheck explained(String name, Supplier<Optional<String>> problem) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(problem, "problem");
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean isReady() {
        return problem().isEmpty();
      }

      @Override
      public Optional<String> problem() {
        return problem.get();
      }
    };
  }

  /** A check named {@code name} that passes while {@code condition} is true. */
  static ReadinessCheck of(String name, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    return explained(name, () -> condition.getAsBoolean() ? Optional.empty() : Optional.of(""));
  }
}
