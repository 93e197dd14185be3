package io.sluice.agent.buffer;

/**
 * A queue entry that is complete in the queue but is not a well-formed batch. The reader stays in front of it;
 * an output that gives up on it skips it explicitly with {@code seekAfter(index())}.
 */
public final class CorruptEntryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long index;

  CorruptEntryException(long index, String message, Throwable cause) {
    super("buffer entry " + index + " is corrupt: " + message, cause);
    this.index = index;
  }

  /** The queue index of the corrupt entry. */
  public long index() {
    return index;
  }
}
