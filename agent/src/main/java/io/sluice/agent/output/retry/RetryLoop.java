package io.sluice.agent.output.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an attempt until it succeeds, waiting with {@link Backoff} in between and logging every retry with its
 * reason. It never gives up on its own: only a stop whose drain deadline passed ends it, so an outage of any length
 * is waited out.
 */
public final class RetryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  private final String destination;
  private final Backoff backoff;
  private final StopSignal stop;
  private final Consumer<FailureReason> onRetry;

  /**
   * @param destination the destination name, for logs
   * @param onRetry told about each failed attempt before its wait, for metrics
   */
  public RetryLoop(String destination, Backoff backoff, StopSignal stop, Consumer<FailureReason> onRetry) {
    this.destination = destination;
    this.backoff = backoff;
    this.stop = stop;
    this.onRetry = onRetry;
  }

  /** One try of an action. */
  @FunctionalInterface
  public interface Attempt<T> {
    T call() throws Exception;
  }

  /**
   * Runs {@code attempt} until it returns.
   *
   * @param action what is tried, for logs ({@code upload})
   * @param key the object key it concerns, for logs
   * @return the attempt's result, or empty when the drain deadline passed (or the thread was interrupted) first
   */
  public <T> Optional<T> run(String action, String key, Attempt<T> attempt) {
    for (int failures = 0; ; ) {
      if (stop.deadlinePassed() || Thread.currentThread().isInterrupted()) {
        LOG.warn("{} abandoned at the drain deadline destination={} key={} attempts={}", action, destination, key,
            failures);
        return Optional.empty();
      }
      try {
        return Optional.of(attempt.call());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failures++;
        FailureReason reason = FailureReason.of(e);
        onRetry.accept(reason);
        Duration wait = backoff.delay(failures);
        logRetry(action, key, failures, reason, wait);
        stop.pause(wait);
      }
    }
  }

  private void logRetry(String action, String key, int failures, FailureReason reason, Duration wait) {
    if (reason.expectedToHeal()) {
      LOG.warn("{} retry destination={} key={} attempt={} reason={} wait_ms={} error=\"{}\"", action, destination,
          key, failures, reason.label(), wait.toMillis(), reason.detail());
    } else {
      LOG.error("{} retry destination={} key={} attempt={} reason={} wait_ms={} error=\"{}\" (this will not pass by"
          + " itself: check the bucket, its permissions and the credentials)", action, destination, key, failures,
          reason.label(), wait.toMillis(), reason.detail());
    }
  }
}
