package io.sluice.loader.load;

import io.sluice.loader.retry.FailureLog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs the DynamoDB and S3 steps of a batch load on the batch-step pool, each until it gets through, within
 * {@code loader.outage_retry} and while the batch is still locked. Between attempts no thread waits: the next one is
 * scheduled on the timer.
 */
final class TrackerSteps {

  private static final Logger log = LoggerFactory.getLogger(TrackerSteps.class);

  private final LoaderThreads threads;
  private final Clock clock;
  private final Duration window;
  private final Duration maxDelay;
  private final FailureLog failures = new FailureLog(log);

  TrackerSteps(LoaderThreads threads, Clock clock, Duration window, Duration maxDelay) {
    this.threads = threads;
    this.clock = clock;
    this.window = window;
    this.maxDelay = maxDelay;
  }

  /**
   * Runs {@code action} for {@code batch}, again after each outage ({@link SdkClientException} or a retryable
   * service error). Other errors (access denied, a missing bucket or table) fail the future at once.
   *
   * @param what the step, for the log
   * @param interruptible false once rows may be committed: the outcome must then be recorded even while the loader
   *     stops, or the batch would be handed back and loaded twice
   */
  <T> CompletableFuture<T> run(LockedBatch batch, String what, boolean interruptible, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(new Step<>(batch, what, interruptible, action, new OutageRetry(clock, window, maxDelay), result));
    return result;
  }

  /** Runs {@code action} once on the batch-step pool. */
  <T> CompletableFuture<T> once(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (!threads.execute(() -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    })) {
      result.completeExceptionally(new CancellationException("loader stopped"));
    }
    return result;
  }

  private <T> void attempt(Step<T> step) {
    if (!threads.execute(() -> runOnce(step))) {
      step.result.completeExceptionally(new CancellationException("loader stopped"));
    }
  }

  private <T> void runOnce(Step<T> step) {
    if (step.interruptible && threads.stopping()) {
      step.result.completeExceptionally(new CancellationException("loader stopping"));
      return;
    }
    try {
      T value = step.action.get();
      failures.recovered("Tracker steps get through again ({} for batch {} of {})", step.what,
          step.batch.batchId(), step.batch.prefix());
      step.result.complete(value);
    } catch (SdkException e) {
      boolean outage = e instanceof SdkClientException || e.retryable();
      if (!outage || !step.retry.mayRetry() || !step.batch.held()) {
        step.result.completeExceptionally(e);
        return;
      }
      Duration wait = step.retry.nextDelay();
      failures.failed(Level.WARN, step.what, "Cannot {} for batch {} of {} yet; next attempt in {} ms: {}",
          step.what, step.batch.batchId(), step.batch.prefix(), wait.toMillis(), e.toString());
      if (!threads.after(wait, () -> attempt(step))) {
        step.result.completeExceptionally(new CancellationException("loader stopped"));
      }
    } catch (RuntimeException e) {
      step.result.completeExceptionally(e);
    }
  }

  private record Step<T>(LockedBatch batch, String what, boolean interruptible, Supplier<T> action,
      OutageRetry retry, CompletableFuture<T> result) {
  }
}
