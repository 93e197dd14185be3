package io.sluice.agent.input;

/**
 * A batch the buffer can never hold (larger than a queue entry or than the whole disk budget); unlike
 * {@link BufferFullException}, retrying the same batch cannot succeed, so HTTP answers 413 and forward closes.
 */
public final class BatchTooLargeException extends Exception {

  private static final long serialVersionUID = 1L;

  public BatchTooLargeException(String message) {
    super(message);
  }
}
