package io.sluice.config.output;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * When an output makes {@code /readyz} fail, naming it.
 *
 * @param stallAfter an output with a backlog that has shipped, quarantined or skipped nothing for this long is stuck;
 *     by default {@value #DEFAULT_STALL_MINUTES} minutes, or twice {@code roll.age} when that is longer
 * @param failureGrace a failure of the whole destination (access denied, no bucket, network, 5xx) that lasts
 *     longer than this is reported; shorter blips are only retried
 */
public record OutputReadinessConfig(Duration stallAfter, Duration failureGrace) implements Validatable {

  /** The stall time of an output whose files are sealed within half of it. */
  public static final int DEFAULT_STALL_MINUTES = 15;

  public OutputReadinessConfig {
    failureGrace = failureGrace != null ? failureGrace : Duration.ofMinutes(1);
  }

  /** These settings with the default stall time for files that wait up to {@code rollAge} before they are sealed. */
  OutputReadinessConfig withDefaultsFor(Duration rollAge) {
    if (stallAfter != null) {
      return this;
    }
    Duration twiceRollAge = rollAge.multipliedBy(2);
    Duration fallback = Duration.ofMinutes(DEFAULT_STALL_MINUTES);
    return new OutputReadinessConfig(twiceRollAge.compareTo(fallback) > 0 ? twiceRollAge : fallback, failureGrace);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(stallAfter.toMillis() >= 1, ConfigPaths.child(path, "stall_after"), "must be positive");
    problems.check(failureGrace.toMillis() >= 1, ConfigPaths.child(path, "failure_grace"), "must be positive");
  }
}
