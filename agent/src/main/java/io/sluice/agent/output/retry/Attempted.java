package io.sluice.agent.output.retry;

/** How a {@link RetryLoop} ended: with a result, refused for good, or abandoned at the drain deadline. */
public sealed interface Attempted<T> {

  /** The attempt succeeded with {@code value}. */
  record Done<T>(T value) implements Attempted<T> {}

  /** The failure concerns this one file and retrying cannot fix it; see {@link FailureClassifier}. */
  record Refused<T>(FailureReason reason) implements Attempted<T> {}

  /** The drain deadline passed (or the thread was interrupted) before the attempt succeeded. */
  record Abandoned<T>() implements Attempted<T> {}
}
