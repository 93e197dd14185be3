package io.sluice.config.output;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * When an output makes {@code /readyz} fail, naming it.
 *
 * @param stallAfter an output with a backlog that has shipped, quarantined or skipped nothing for this long is stuck
 * @param failureGrace a failure of the whole destination (access denied, no bucket, network, 5xx) that lasts
 *     longer than this is reported; shorter blips are only retried
 */
public record OutputReadinessConfig(Duration stallAfter, Duration failureGrace) implements Validatable {

  public OutputReadinessConfig {
    stallAfter = stallAfter != null ? stallAfter : Duration.ofMinutes(15);
    failureGrace = failureGrace != null ? failureGrace : Duration.ofMinutes(1);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(stallAfter.toMillis() >= 1, ConfigPaths.child(path, "stall_after"), "must be positive");
    problems.check(failureGrace.toMillis() >= 1, ConfigPaths.child(path, "failure_grace"), "must be positive");
  }
}
