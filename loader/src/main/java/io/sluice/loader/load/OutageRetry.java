package io.sluice.loader.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long one step of a batch load keeps retrying an unreachable store ({@code loader.outage_retry}) and how long
 * it waits between attempts ({@link Backoff}). It never waits itself: the caller schedules the next attempt, so a
 * wait holds no thread.
 */
final class OutageRetry {

  private final Clock clock;
  private final Instant deadline;
  private final Backoff backoff;

  OutageRetry(Clock clock, Duration window, Duration maxDelay) {
    this.clock = clock;
    this.deadline = clock.instant().plus(window);
    this.backoff = new Backoff(maxDelay);
  }

  /** True while another attempt may start. */
  boolean mayRetry() {
    return clock.instant().isBefore(deadline);
  }

  /** How long to wait before the next attempt, never past the deadline. */
  Duration nextDelay() {
    Duration left = Duration.between(clock.instant(), deadline);
    Duration wait = backoff.next();
    return left.isNegative() ? Duration.ZERO : wait.compareTo(left) > 0 ? left : wait;
  }
}
