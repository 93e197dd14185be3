package io.sluice.agent.output.retry;

/**
 * Why an attempt failed, as a metric label and a log text, and what it concerns: one file, which retrying cannot fix
 * and which is quarantined, or the whole destination, which is retried until it heals. {@link FailureClassifier}
 * decides.
 *
 * @param label a short stable label for metrics and status, such as {@code throttled} or {@code key_too_long}
 * @param detail what the failure said; never payload bytes
 * @param scope whether the failure concerns one file or the whole destination
 */
public record FailureReason(String label, String detail, Scope scope) {

  /** What a failure concerns. */
  public enum Scope {
    /** This file can never be stored as it is (its key, its size, its content): quarantine it and move on. */
    FILE,
    /** The store, the network or the tracker: retry the same file with back-off, never quarantine. */
    DESTINATION
  }

  /** A failure of the whole destination. */
  static FailureReason destination(String label, String detail) {
    return new FailureReason(label, detail, Scope.DESTINATION);
  }

  /** A failure that only this file has. */
  static FailureReason file(String label, String detail) {
    return new FailureReason(label, detail, Scope.FILE);
  }

  /** Whether retrying this file cannot fix it. */
  public boolean isPermanentForFile() {
    return scope == Scope.FILE;
  }

  /** Whether the failure usually passes by itself (throttling, 5xx, network); access denied or no bucket does not. */
  public boolean expectedToHeal() {
    return scope == Scope.DESTINATION && !label.equals(FailureClassifier.ACCESS_DENIED)
        && !label.equals(FailureClassifier.NO_SUCH_BUCKET) && !label.equals(FailureClassifier.REJECTED)
        && !label.equals(FailureClassifier.ERROR);
  }
}
