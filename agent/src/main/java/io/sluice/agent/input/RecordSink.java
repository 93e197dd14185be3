package io.sluice.agent.input;

/**
 * Where every input puts what it accepted. An input acknowledges a sender only after {@link #append} returned:
 * the batch is then durable as {@code buffer.fsync} promises.
 */
public interface RecordSink {

  /**
   * Appends one batch, whole, and returns once it is durable.
   *
   * @throws BufferFullException when the buffer is over its disk budget; nothing of the batch was appended
   * @throws BatchTooLargeException when the batch can never fit; nothing of it was appended
   * @throws java.io.UncheckedIOException when the disk fails; the batch must be treated as not appended
   */
  void append(EventBatch batch) throws BufferFullException, BatchTooLargeException;

  /** Whether {@link #append} currently accepts batches; false while the buffer is over its disk budget. */
  boolean isAccepting();

  /**
   * Registers a listener told whenever {@link #isAccepting()} changes, so inputs can stop and resume reading.
   * Listeners are called on an arbitrary thread and must not block.
   */
  void addAvailabilityListener(AvailabilityListener listener);

  /** Told when the buffer starts or stops accepting batches. */
  @FunctionalInterface
  interface AvailabilityListener {
    void availabilityChanged(boolean accepting);
  }
}
