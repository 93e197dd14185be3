package io.sluice.agent.output.spool;

import io.sluice.config.output.RollConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Decides when an open file is sealed: at {@code roll.size} bytes, or {@code roll.age} after its first record. */
public final class RotationPolicy {

  private final long maxBytes;
  private final Duration maxAge;
  private final Clock clock;

  public RotationPolicy(RollConfig roll, Clock clock) {
    this.maxBytes = roll.size().bytes();
    this.maxAge = roll.age();
    this.clock = clock;
  }

  /** The current time, which new files take as the time of their first record. */
  public Instant now() {
    return clock.instant();
  }

  /** Why {@code file} should be sealed now, or empty while it may stay open; size wins when both apply. */
  public Optional<RotationReason> due(SpoolFile file) {
    if (file.bytes() >= maxBytes) {
      return Optional.of(RotationReason.SIZE);
    }
    if (!now().isBefore(file.openedAt().plus(maxAge))) {
      return Optional.of(RotationReason.AGE);
    }
    return Optional.empty();
  }
}
