package io.sluice.loader.retry;

import io.sluice.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs the failures of one dependency (an output's store, the tracker, a step of the loader) at a bounded rate, so
 * an S3, DynamoDB or Redshift that is down for an hour writes a few dozen lines instead of thousands: the first
 * failure of a kind is logged at once; further ones of that kind at most once per interval, with the number left
 * out since the previous line ({@code suppressed=N}); and once the dependency works again, one line says so with
 * the count and duration of the failures. No thread of its own: a summary is written by the next failure after the
 * interval, which a dependency still failing always brings.
 *
 * <p>Messages are SLF4J patterns whose arguments are appended to; pass no throwable, as the lines are one-liners.
 */
public final class FailureLog {

  /** At most one line per kind in this long, the first one excepted. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  // Kind -> what was logged of it since the dependency last worked. Guarded by this.
  private final Map<String, Tally> failing = new LinkedHashMap<>();

  /** Logs to {@code log}, a line per kind per {@link #INTERVAL}. */
  public FailureLog(Logger log) {
    this(log, INTERVAL, System::nanoTime);
  }

  /** @param nanoTime the clock intervals are measured with, such as {@link System#nanoTime} */
  public FailureLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * A failure of {@code kind} (a stable label such as {@code throttled} or {@code scan}): logs {@code pattern} now
   * if it is the first of its kind since the dependency last worked, or the first for an interval, adding
   * {@code suppressed=N}; otherwise only counts it.
   *
   * @return whether a line was written
   */
  public boolean failed(Level level, String kind, String pattern, Object... arguments) {
    long now = nanoTime.getAsLong();
    long suppressed;
    synchronized (this) {
      Tally tally = failing.get(kind);
      if (tally == null) {
        failing.put(kind, new Tally(now));
        suppressed = -1;
      } else if (now - tally.loggedAt >= intervalNanos) {
        suppressed = tally.suppressed;
        tally.logged(now);
      } else {
        tally.suppressed++;
        tally.count++;
        return false;
      }
    }
    if (suppressed < 0) {
      log.atLevel(level).log(pattern + " (repeats are logged at most every {})",
          append(arguments, Durations.format(Duration.ofNanos(intervalNanos))));
    } else {
      log.atLevel(level).log(pattern + " suppressed={}", append(arguments, suppressed));
    }
    return true;
  }

  /**
   * The dependency works again: if failures were logged, writes {@code pattern} at INFO with how many failures
   * there were ({@code failures=N}) and for how long ({@code failing_for=2m30s}), and starts afresh.
   */
  public void recovered(String pattern, Object... arguments) {
    long now = nanoTime.getAsLong();
    long failures = 0;
    long since = now;
    synchronized (this) {
      if (failing.isEmpty()) {
        return;
      }
      for (Tally tally : failing.values()) {
        failures += tally.count;
        since = Math.min(since, tally.since);
      }
      failing.clear();
    }
    log.info(pattern + " failures={} failing_for={}", append(arguments, failures,
        Durations.format(Duration.ofSeconds(Duration.ofNanos(now - since).toSeconds()))));
  }

  /** Whether a failure was reported since the dependency last worked. */
  public synchronized boolean isFailing() {
    return !failing.isEmpty();
  }

  private static Object[] append(Object[] arguments, Object... more) {
    Object[] all = Arrays.copyOf(arguments, arguments.length + more.length);
    System.arraycopy(more, 0, all, arguments.length, more.length);
    return all;
  }

  /** The failures of one kind since the dependency last worked. */
  private static final class Tally {
    private final long since;
    private long loggedAt;
    private long suppressed;
    private long count = 1;

    Tally(long now) {
      this.since = now;
      this.loggedAt = now;
    }

    void logged(long now) {
      loggedAt = now;
      suppressed = 0;
      count++;
    }
  }
}
