package io.sluice.loader.load;

import io.sluice.loader.copy.ClusterLoader;
import io.sluice.loader.copy.ClusterLoader.ReceiptCheck;
import io.sluice.loader.copy.ClusterResult;
import io.sluice.loader.copy.CopyScript;
import io.sluice.loader.copy.LoadError;
import io.sluice.loader.copy.LoadReceipts;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch's load into one cluster, run by that cluster's {@link ClusterGate} one step at a time: the COPY
 * transaction, and after a connection lost during COMMIT, the receipt check that settles whether it committed.
 * Each step says whether the cluster answered, so the gate knows when an outage begins and ends.
 */
final class ClusterAttempt {

  /**
   * The Lambda's retry count for S3 not showing a key (contract 2.12). A missing jsonpaths or data file is a
   * configuration error, not an outage, so it does not get the outage window.
   */
  static final int MISSING_KEY_ATTEMPTS = 5;

  /** The Lambda's wait before the n-th retry of a missing key is 2^n times this (contract 2.12). */
  static final Duration MISSING_KEY_DELAY = Duration.ofMillis(30);

  /** A server that got the COMMIT may still be finishing it: its receipt is asked for only after this. */
  static final Duration RECEIPT_CHECK_DELAY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ClusterAttempt.class);

  private final ClusterLoader loader;
  private final CopyScript script;
  private final LoadReceipts.Receipt receipt;
  private final boolean withReceipts;
  private final LockedBatch batch;
  private final String endpoint;
  private final Instant deadline;
  private final CompletableFuture<ClusterResult> result = new CompletableFuture<>();
  private volatile boolean checkingReceipt;
  private int missingKeyAttempts;
  private volatile ClusterResult last;

  /**
   * @param deadline after it, an attempt still waiting for its cluster gives up ({@code loader.outage_retry})
   */
  ClusterAttempt(ClusterLoader loader, CopyScript script, LoadReceipts.Receipt receipt, boolean withReceipts,
      LockedBatch batch, String endpoint, Instant deadline) {
    this.loader = loader;
    this.script = script;
    this.receipt = receipt;
    this.withReceipts = withReceipts;
    this.batch = batch;
    this.endpoint = endpoint;
    this.deadline = deadline;
  }

  /** The outcome; cancelled when the loader stopped before this cluster committed. */
  CompletableFuture<ClusterResult> result() {
    return result;
  }

  Instant deadline() {
    return deadline;
  }

  /** Runs the next step on the calling (cluster) thread. */
  Step run() {
    return checkingReceipt ? checkReceipt() : load();
  }

  private Step load() {
    ClusterResult attempt = loader.load(script, receipt);
    last = attempt;
    if (attempt.ok()) {
      return new Step.Done(attempt);
    }
    LoadError error = attempt.error();
    return switch (error.kind()) {
      case UNKNOWN_OUTCOME -> {
        if (!withReceipts) {
          yield new Step.Done(unknownOutcome());
        }
        checkingReceipt = true;
        yield new Step.RetryLater(RECEIPT_CHECK_DELAY);
      }
      case RETRYABLE -> {
        if (!error.missingS3Key()) {
          yield new Step.Unreachable(error.sqlState() + " " + error.message());
        }
        if (++missingKeyAttempts >= MISSING_KEY_ATTEMPTS) {
          yield new Step.Done(attempt);
        }
        log.warn("S3 does not show a file of batch {} of {} to {} yet (attempt {} of {}); retrying",
            batch.batchId(), batch.prefix(), endpoint, missingKeyAttempts, MISSING_KEY_ATTEMPTS);
        yield new Step.RetryLater(MISSING_KEY_DELAY.multipliedBy(1L << missingKeyAttempts));
      }
      case PERMANENT -> new Step.Done(attempt);
    };
  }

  private Step checkReceipt() {
    ReceiptCheck check = loader.committed(receipt);
    return switch (check) {
      case COMMITTED -> {
        log.info("Batch {} of {} committed in {} before the connection was lost (its load receipt says so)",
            batch.batchId(), batch.prefix(), endpoint);
        yield new Step.Done(ClusterResult.success(endpoint));
      }
      case NOT_COMMITTED -> {
        log.warn("Batch {} of {} rolled back in {} when the connection was lost after COMMIT; loading it again",
            batch.batchId(), batch.prefix(), endpoint);
        checkingReceipt = false;
        yield new Step.RetryLater(Duration.ZERO);
      }
      case UNREACHABLE -> new Step.Unreachable("cannot read the load receipt after a lost COMMIT");
      case NO_RECEIPTS -> new Step.Done(unknownOutcome());
    };
  }

  private ClusterResult unknownOutcome() {
    log.error("Connection to {} lost after COMMIT of batch {} of {}: the load may have committed. Check the"
        + " cluster's load history (STL_LOAD_COMMITS) for {} before `sluice batches reprocess`", endpoint,
        batch.batchId(), batch.prefix(), receipt.manifestUrl());
    return last;
  }

  /** Whether this attempt should stop waiting for its cluster: past its deadline, or its batch was taken away. */
  boolean expired(Instant now) {
    return !now.isBefore(deadline) || !batch.held();
  }

  /** Ends the attempt with {@code outcome}. */
  void complete(ClusterResult outcome) {
    result.complete(outcome);
  }

  /**
   * Gives up waiting for the cluster: the last failure is the outcome.
   *
   * @param outage why the cluster is out, for an attempt that never ran
   */
  void giveUp(String outage) {
    log.error("Giving up on cluster {} for batch {} of {}: {}", endpoint, batch.batchId(), batch.prefix(),
        batch.held() ? "unreachable for the whole loader.outage_retry" : "the batch is no longer locked");
    if (checkingReceipt) {
      result.complete(unknownOutcome());
    } else if (last != null) {
      result.complete(last);
    } else {
      result.complete(ClusterResult.failure(endpoint, new LoadError(LoadError.Kind.RETRYABLE, null,
          "cluster unreachable: " + outage, null)));
    }
  }

  /**
   * The loader stops. A load that may have committed (its receipt was being asked for) ends with its unknown
   * outcome, which is recorded; any other attempt is cancelled, so its batch can be handed back if nothing
   * committed.
   */
  void stop() {
    if (checkingReceipt) {
      result.complete(unknownOutcome());
    } else {
      result.completeExceptionally(new CancellationException("the loader stopped before loading this cluster"));
    }
  }

  /** What one step found. */
  sealed interface Step {

    /** The attempt is over. */
    record Done(ClusterResult result) implements Step {
    }

    /** The cluster answered, but this attempt runs again after {@code delay}. */
    record RetryLater(Duration delay) implements Step {
    }

    /** The cluster could not be reached (or is unavailable); the gate waits out the outage. */
    record Unreachable(String reason) implements Step {
    }
  }
}
