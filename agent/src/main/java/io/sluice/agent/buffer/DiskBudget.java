package io.sluice.agent.buffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of queue entries that some registered output has not shipped yet, against {@code buffer.max_bytes}.
 *
 * <p>The buffer accepts while at most {@code max_bytes} are unshipped. The check comes before an append, so the
 * queue can end at most one batch over the budget; a batch larger than the whole budget is refused outright.
 */
final class DiskBudget {

  private final long maxBytes;
  private final AtomicLong unshipped;

  DiskBudget(long maxBytes, long unshippedAtOpen) {
    this.maxBytes = maxBytes;
    this.unshipped = new AtomicLong(unshippedAtOpen);
  }

  boolean accepting() {
    return unshipped.get() <= maxBytes;
  }

  /**
   * Refuses an entry that could never be accepted.
   *
   * @throws IllegalArgumentException when {@code entryBytes} alone exceed the budget
   */
  /** Whether an entry this large could ever be accepted, once everything else has shipped. */
  boolean canEverFit(long entryBytes) {
    return entryBytes <= maxBytes;
  }

  void added(long entryBytes) {
    unshipped.addAndGet(entryBytes);
  }

  void released(long entryBytes) {
    unshipped.addAndGet(-entryBytes);
  }

  long unshipped() {
    return unshipped.get();
  }

  long maxBytes() {
    return maxBytes;
  }
}
