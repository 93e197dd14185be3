package io.sluice.loader.load;

import io.sluice.loader.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * How long one step of a batch load keeps retrying an unreachable store ({@code loader.outage_retry}) and how long
 * it waits between attempts ({@link Backoff}). It never waits itself: the caller schedules the next attempt, so a
 * wait holds no thread.
 */
final class OutageRetry {

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  private final Clock clock;
  private final Instant deadline;
  private final Backoff backoff;
  private int retries;

  OutageRetry(Clock clock, Duration window, Duration maxDelay) {
    this.clock = clock;
    this.deadline = clock.instant().plus(window);
    this.backoff = backoff(maxDelay);
  }

  /**
   * The waits while a cluster or store is unreachable: doubling from one second up to {@code maxDelay}
   * ({@code loader.outage_backoff_max}), each jittered down by up to half so loaders do not retry in step.
   */
  static Backoff backoff(Duration maxDelay) {
    Duration first = FIRST_DELAY.compareTo(maxDelay) > 0 ? maxDelay : FIRST_DELAY;
    return new Backoff(first, maxDelay, new SplittableRandom());
  }

  /** True while another attempt may start. */
  boolean mayRetry() {
    return clock.instant().isBefore(deadline);
  }

  /** How long to wait before the next attempt, never past the deadline. */
  Duration nextDelay() {
    Duration left = Duration.between(clock.instant(), deadline);
    Duration wait = backoff.delay(++retries);
    return left.isNegative() ? Duration.ZERO : wait.compareTo(left) > 0 ? left : wait;
  }
}
