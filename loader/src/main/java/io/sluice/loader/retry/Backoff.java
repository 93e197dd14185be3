package io.sluice.loader.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: retry n waits between half and all of {@code min(max, initial * 2^(n-1))},
 * so agents that lost S3 together, or loaders that lost a cluster together, do not all come back in the same instant.
 */
public final class Backoff {

  /** The outputs' default, 200 ms doubling up to 30 s: quick after a blip, gentle on a store down for an hour. */
  public static final Duration DEFAULT_INITIAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The default backoff, jittered by {@code random}. */
  public static Backoff standard(RandomGenerator random) {
    return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX, random);
  }

  /** How long to wait before retry number {@code retry} (1 for the first retry). */
  public Duration delay(int retry) {
    long capped = initialNanos;
    for (int i = 1; i < retry && capped < maxNanos; i++) {
      capped = Math.min(maxNanos, capped * 2);
    }
    capped = Math.min(capped, maxNanos);
    long half = capped / 2;
    return Duration.ofNanos(half + random.nextLong(capped - half + 1));
  }

  /** The longest wait this backoff ever returns. */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }
}
