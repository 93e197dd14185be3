package io.sluice.agent.buffer;

import java.util.OptionalInt;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A forward position in the queue over one Chronicle tailer: seeks after an index, steps over entries and reads
 * them. Chronicle only shows an entry once its writer has completed it, so a half-written entry is never seen.
 * Not thread-safe: used by one thread at a time.
 */
final class QueueCursor implements AutoCloseable {

  /** Reads one entry's payload. */
  @FunctionalInterface
  interface EntryReader<T> {
    T read(long index, Bytes<?> payload);
  }

  /** Told about each entry a cursor steps over: its index, the bytes it takes and the events it holds. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(long index, long entryBytes, long events);
  }

  /** What Chronicle stores in front of every entry: a 4-byte length and state header. */
  private static final int ENTRY_HEADER_BYTES = 4;

  private final SingleChronicleQueue queue;
  private final ExcerptTailer tailer;
  // Read by the file cleaner on other threads, so it never deletes a file this cursor has mapped.
  private volatile int cycle = Integer.MIN_VALUE;

  QueueCursor(SingleChronicleQueue queue) {
    this.queue = queue;
    this.tailer = queue.createTailer();
    // Chronicle pins a tailer to the first thread that uses it; ours are handed between threads, one at a time.
    tailer.singleThreadedCheckDisabled(true);
  }

  /** The bytes an entry with {@code payloadBytes} of payload takes in the queue, as the disk budget counts it. */
  static long entryBytes(long payloadBytes) {
    return payloadBytes + ENTRY_HEADER_BYTES;
  }

  /** Positions the cursor before the first entry whose index is greater than {@code index}. */
  void seekAfter(long index) {
    if (index < 0) {
      tailer.toStart();
    } else if (tailer.moveToIndex(index)) {
      skipThrough(index);
    } else {
      seekPastMissing(index);
    }
    publishCycle();
  }

  /** Steps over every entry up to and including {@code index}; returns the bytes they take. */
  long skipThrough(long index) {
    long bytes = 0;
    while (true) {
      try (DocumentContext entry = tailer.readingDocument()) {
        if (!entry.isPresent()) {
          break;
        }
        if (entry.index() > index) {
          entry.rollbackOnClose();
          break;
        }
        bytes += entryBytes(entry.wire().bytes().readRemaining());
      }
    }
    publishCycle();
    return bytes;
  }

  /**
   * Steps over every entry up to and including {@code index} as {@link #skipThrough} does, and also reads how many
   * events each holds (from the entry's header, without decoding its records) for {@code visitor}.
   */
  void visitThrough(long index, EntryVisitor visitor) {
    while (true) {
      try (DocumentContext entry = tailer.readingDocument()) {
        if (!entry.isPresent()) {
          break;
        }
        if (entry.index() > index) {
          entry.rollbackOnClose();
          break;
        }
        Bytes<?> payload = entry.wire().bytes();
        visitor.visit(entry.index(), entryBytes(payload.readRemaining()), BatchCodec.eventCount(payload));
      }
    }
    publishCycle();
  }

  /** The roll cycle of the next entry, without moving past it; empty when there is no next entry yet. */
  OptionalInt nextEntryCycle() {
    try (DocumentContext entry = tailer.readingDocument()) {
      if (!entry.isPresent()) {
        return OptionalInt.empty();
      }
      entry.rollbackOnClose();
      return OptionalInt.of(queue.rollCycle().toCycle(entry.index()));
    } finally {
      publishCycle();
    }
  }

  /**
   * Reads the next entry with {@code reader}, or returns null when there is none yet. When {@code reader} throws,
   * the cursor stays in front of the entry.
   */
  <T> T read(EntryReader<T> reader) {
    try (DocumentContext entry = tailer.readingDocument()) {
      if (!entry.isPresent()) {
        return null;
      }
      try {
        return reader.read(entry.index(), entry.wire().bytes());
      } catch (RuntimeException e) {
        entry.rollbackOnClose();
        throw e;
      }
    } finally {
      publishCycle();
    }
  }

  /** The roll cycle whose file the cursor has mapped, or {@link Integer#MIN_VALUE} before it has one. */
  int cycle() {
    return cycle;
  }

  @Override
  public void close() {
    tailer.close();
  }

  /**
   * {@code index} is not in the queue: either its file was deleted after every output shipped it, or it was never
   * written. Either way the next entry to read is the first one after it, in its cycle or a later one.
   */
  private void seekPastMissing(long index) {
    int target = queue.rollCycle().toCycle(index);
    int firstCycle = queue.firstCycle();
    int lastCycle = queue.lastCycle();
    // Chronicle lists cycles only between two that exist, so list them all and pick the first at or after target.
    Long next = target > lastCycle || firstCycle > lastCycle ? null
        : queue.listCyclesBetween(firstCycle, lastCycle).ceiling((long) target);
    if (next == null) {
      tailer.toEnd();
      return;
    }
    tailer.moveToCycle(next.intValue());
    skipThrough(index);
  }

  private void publishCycle() {
    cycle = tailer.cycle();
  }
}
