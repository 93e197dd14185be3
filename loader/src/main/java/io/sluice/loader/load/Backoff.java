package io.sluice.loader.load;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait between attempts while a cluster or store is unreachable: doubling from one second up to a ceiling
 * ({@code loader.outage_backoff_max}, a minute by default), each wait jittered down by up to half so loaders and
 * clusters do not retry in step.
 */
final class Backoff {

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  private final Duration max;
  private Duration delay;

  Backoff(Duration max) {
    this.max = max;
    this.delay = FIRST_DELAY.compareTo(max) > 0 ? max : FIRST_DELAY;
  }

  /** The next wait; each call doubles the one after it, up to the ceiling. */
  Duration next() {
    long millis = Math.max(1, delay.toMillis());
    Duration wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(millis / 2, millis + 1));
    Duration doubled = delay.multipliedBy(2);
    delay = doubled.compareTo(max) > 0 ? max : doubled;
    return wait;
  }
}
