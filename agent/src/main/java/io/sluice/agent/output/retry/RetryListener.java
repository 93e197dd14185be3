package io.sluice.agent.output.retry;

/** Told about each attempt of a {@link RetryLoop}, for metrics and the destination's current failure. */
public interface RetryListener {

  /** A listener that is told nothing it keeps. */
  RetryListener NONE = new RetryListener() {
    @Override
    public void failed(FailureReason reason) {
      // Nobody listens.
    }

    @Override
    public void succeeded() {
      // Nobody listens.
    }
  };

  /** An attempt failed for {@code reason} and is retried after a back-off. */
  void failed(FailureReason reason);

  /** An attempt succeeded. */
  void succeeded();
}
