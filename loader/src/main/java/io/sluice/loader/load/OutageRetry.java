package io.sluice.loader.load;

import io.sluice.loader.tracker.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The back-off between attempts while a cluster or store is unreachable: doubling from one second to a minute,
 * jittered, until a deadline. Between attempts the caller's heartbeat runs, so a batch held through an outage keeps
 * showing a fresh {@code lastUpdate} and is never taken for a stale lock.
 */
final class OutageRetry {

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofMinutes(1);

  private final Clock clock;
  private final Sleeper sleeper;
  private final Instant deadline;
  private Duration delay = FIRST_DELAY;

  OutageRetry(Clock clock, Sleeper sleeper, Duration window) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.deadline = clock.instant().plus(window);
  }

  /** True while another attempt may start. */
  boolean mayRetry() {
    return !Thread.currentThread().isInterrupted() && clock.instant().isBefore(deadline);
  }

  /** Waits before the next attempt, never past the deadline. */
  void pause() {
    Duration left = Duration.between(clock.instant(), deadline);
    long jittered = ThreadLocalRandom.current().nextLong(delay.toMillis() / 2, delay.toMillis() + 1);
    Duration wait = Duration.ofMillis(Math.max(0, Math.min(jittered, left.toMillis())));
    sleeper.sleep(wait);
    delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
  }
}
