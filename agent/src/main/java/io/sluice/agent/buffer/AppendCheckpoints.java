package io.sluice.agent.buffer;

import java.time.Instant;

/**
 * When entries were appended, to the second, in one checkpoint per second that saw appends: the last index
 * appended in it and the second. Entries kept from before a restart get one checkpoint per roll cycle, stamped
 * with the cycle's start, which is never later than their real append time. Outputs' shipped marks trim it, so it
 * holds one checkpoint per second of what some output has not shipped yet, not one per entry.
 */
final class AppendCheckpoints {

  private static final int INITIAL_CAPACITY = 64;

  // A ring of parallel arrays, oldest first from head. Guarded by this.
  private long[] lastIndexes = new long[INITIAL_CAPACITY];
  private long[] seconds = new long[INITIAL_CAPACITY];
  private int head;
  private int size;

  /** Notes that the entry {@code index}, greater than every index noted before, was appended in {@code second}. */
  synchronized void note(long index, long epochSecond) {
    if (size > 0 && seconds[slot(size - 1)] == epochSecond) {
      lastIndexes[slot(size - 1)] = index;
      return;
    }
    if (size == lastIndexes.length) {
      grow();
    }
    lastIndexes[slot(size)] = index;
    seconds[slot(size)] = epochSecond;
    size++;
  }

  /** When the first entry after {@code index} was appended, or null when none was noted yet. */
  synchronized Instant appendedAfter(long index) {
    int low = 0;
    int high = size;
    // The first checkpoint whose last index is past index holds the entry right after it.
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (lastIndexes[slot(middle)] > index) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low == size ? null : Instant.ofEpochSecond(seconds[slot(low)]);
  }

  /** Forgets the checkpoints of entries all at or before {@code index}: every output has shipped them. */
  synchronized void trimThrough(long index) {
    while (size > 0 && lastIndexes[head] <= index) {
      head = (head + 1) % lastIndexes.length;
      size--;
    }
  }

  synchronized int size() {
    return size;
  }

  private int slot(int position) {
    return (head + position) % lastIndexes.length;
  }

  private void grow() {
    long[] indexes = new long[lastIndexes.length * 2];
    long[] times = new long[lastIndexes.length * 2];
    for (int i = 0; i < size; i++) {
      indexes[i] = lastIndexes[slot(i)];
      times[i] = seconds[slot(i)];
    }
    lastIndexes = indexes;
    seconds = times;
    head = 0;
  }
}
