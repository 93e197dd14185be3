package io.sluice.loader.tracker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between retries; injected so that tests observe back-off instead of waiting. */
@FunctionalInterface
public interface Sleeper {

  /** Waits for {@code duration}. */
  void sleep(Duration duration);

  /** Blocks the calling thread; an interrupt ends the wait early and is kept set for the caller to see. */
  static Sleeper blocking() {
    return duration -> {
      try {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
