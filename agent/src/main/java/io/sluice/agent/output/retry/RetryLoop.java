package io.sluice.agent.output.retry;

import io.sluice.loader.retry.Backoff;
import io.sluice.loader.retry.FailureLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs an attempt until it succeeds, waiting with {@link Backoff} in between and logging retries with their reason
 * through a {@link FailureLog}: the first of each reason at once, then at most one line a minute per reason with the
 * number left out, and one line when an attempt succeeds again. An outage of any length is waited out; only a failure that concerns the file alone (when this loop
 * {@linkplain #RetryLoop(String, Backoff, StopSignal, RetryListener, boolean) gives those up}) or a stop whose drain
 * deadline passed ends it early.
 */
public final class RetryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  private final String destination;
  private final Backoff backoff;
  private final StopSignal stop;
  private final RetryListener listener;
  private final boolean refusesFileFailures;
  private final FailureLog failureLog = new FailureLog(LOG);

  /**
   * @param destination the destination name, for logs
   * @param listener told about each attempt, for metrics and status
   * @param refusesFileFailures whether a failure that concerns the file alone ends the loop (uploads), or is retried
   *     like any other (calls that do not store the file, such as the upload hook)
   */
  public RetryLoop(String destination, Backoff backoff, StopSignal stop, RetryListener listener,
      boolean refusesFileFailures) {
    this.destination = destination;
    this.backoff = backoff;
    this.stop = stop;
    this.listener = listener;
    this.refusesFileFailures = refusesFileFailures;
  }

  /** One try of an action. */
  @FunctionalInterface
  public interface Attempt<T> {
    T call() throws Exception;
  }

  /**
   * Runs {@code attempt} until it returns, is refused for good, or the drain deadline passes.
   *
   * @param action what is tried, for logs ({@code upload})
   * @param key the object key it concerns, for logs
   */
  public <T> Attempted<T> run(String action, String key, Attempt<T> attempt) {
    for (int failures = 0; ; ) {
      if (stop.deadlinePassed() || Thread.currentThread().isInterrupted()) {
        LOG.warn("{} abandoned at the drain deadline destination={} key={} attempts={}", action, destination, key,
            failures);
        return new Attempted.Abandoned<>();
      }
      try {
        T value = attempt.call();
        listener.succeeded();
        failureLog.recovered("{} succeeded again destination={} key={}", action, destination, key);
        return new Attempted.Done<>(value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failures++;
        FailureReason reason = FailureClassifier.classify(e);
        if (refusesFileFailures && reason.isPermanentForFile()) {
          return new Attempted.Refused<>(reason);
        }
        listener.failed(reason);
        Duration wait = backoff.delay(failures);
        logRetry(action, key, failures, reason, wait);
        stop.pause(wait);
      }
    }
  }

  private void logRetry(String action, String key, int failures, FailureReason reason, Duration wait) {
    if (reason.expectedToHeal()) {
      failureLog.failed(Level.WARN, reason.label(), "{} retry destination={} key={} attempt={} reason={} wait_ms={}"
          + " error=\"{}\"", action, destination, key, failures, reason.label(), wait.toMillis(), reason.detail());
    } else {
      failureLog.failed(Level.ERROR, reason.label(), "{} retry destination={} key={} attempt={} reason={} wait_ms={}"
          + " error=\"{}\" (this will not pass by itself: check the bucket, its permissions and the credentials)",
          action, destination, key, failures, reason.label(), wait.toMillis(), reason.detail());
    }
  }
}
