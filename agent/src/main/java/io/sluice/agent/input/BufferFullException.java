package io.sluice.agent.input;

/** The buffer is over its disk budget and refused a batch; the sender should retry later. */
public final class BufferFullException extends Exception {

  private static final long serialVersionUID = 1L;

  public BufferFullException(String message) {
    super(message);
  }
}
