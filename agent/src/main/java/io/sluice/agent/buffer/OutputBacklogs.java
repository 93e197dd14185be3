package io.sluice.agent.buffer;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Each output's backlog, kept as running totals so a scrape reads it without touching the queue: an append adds
 * its entry to every output's totals, and an output's shipped mark moving forward takes the entries it passed off
 * its own totals (its own cursor steps over them, reading each entry's header once). The age comes from
 * {@link AppendCheckpoints}, trimmed as the slowest output moves on.
 */
final class OutputBacklogs implements AutoCloseable {

  private final SingleChronicleQueue queue;
  private final AppendCheckpoints checkpoints;
  private final Map<String, OutputBacklog> outputs = new ConcurrentHashMap<>();

  /**
   * @param kept what the queue held at open, counted by the open-time scan
   * @param checkpoints the append times of those entries, noted by the same scan
   * @param outputs outputs whose backlog is everything kept until they report their shipped marks
   */
  OutputBacklogs(SingleChronicleQueue queue, QueueTally kept, AppendCheckpoints checkpoints,
      Collection<String> outputs) {
    this.queue = queue;
    this.checkpoints = checkpoints;
    for (String output : outputs) {
      this.outputs.put(output, new OutputBacklog(new QueueCursor(queue), kept));
    }
  }

  /**
   * Adds an entry being appended to every output's backlog. Called under the writer lock before the entry becomes
   * visible, so no output can ship it first.
   */
  void adding(long entryBytes, long events) {
    for (OutputBacklog backlog : outputs.values()) {
      backlog.bytes.addAndGet(entryBytes);
      backlog.records.addAndGet(events);
    }
  }

  /** Notes when the entry {@code index} was appended, once it is in the queue. */
  void appended(long index, long epochSecond) {
    checkpoints.note(index, epochSecond);
  }

  /**
   * Starts the backlog of an output that was not configured at open: everything the queue holds now. The caller
   * holds the writer lock, so no append lands between this count and the next {@link #adding}.
   */
  void register(String output) {
    outputs.computeIfAbsent(output, name -> {
      QueueCursor cursor = new QueueCursor(queue);
      QueueTally present = new QueueTally();
      cursor.visitThrough(Long.MAX_VALUE, present);
      cursor.seekAfter(BufferReader.NO_INDEX);
      return new OutputBacklog(cursor, present);
    });
  }

  boolean knows(String output) {
    return outputs.containsKey(output);
  }

  /** Takes the entries after {@code output}'s previous mark through {@code index} off its backlog. */
  void markShipped(String output, long index) {
    OutputBacklog backlog = outputs.get(output);
    if (backlog == null) {
      return;
    }
    backlog.shipThrough(index);
    checkpoints.trimThrough(outputs.values().stream().mapToLong(OutputBacklog::mark).min().orElse(index));
  }

  /** {@code output}'s backlog now; empty for an output the buffer does not know. */
  Backlog backlog(String output) {
    OutputBacklog backlog = outputs.get(output);
    if (backlog == null) {
      return Backlog.EMPTY;
    }
    long records = backlog.records.get();
    long bytes = backlog.bytes.get();
    if (bytes <= 0) {
      return Backlog.EMPTY;
    }
    Instant oldest = checkpoints.appendedAfter(backlog.mark());
    // An entry counted but not yet noted was appended a moment ago.
    return new Backlog(bytes, Math.max(0, records), oldest != null ? oldest : Instant.now());
  }

  /** The roll cycles the backlog cursors have mapped; the file cleaner leaves those files alone. */
  Set<Integer> cycles() {
    return outputs.values().stream().map(backlog -> backlog.cursor.cycle()).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    outputs.values().forEach(OutputBacklog::close);
  }

  /** One output's totals and the cursor that sits right after its shipped mark. */
  private static final class OutputBacklog {

    private final AtomicLong bytes;
    private final AtomicLong records;
    // Guarded by this, with the mark's writes; the mark is volatile for scrapes.
    private final QueueCursor cursor;
    private volatile long mark = BufferReader.NO_INDEX;

    OutputBacklog(QueueCursor cursor, QueueTally start) {
      this.cursor = cursor;
      this.bytes = new AtomicLong(start.bytes());
      this.records = new AtomicLong(start.events());
    }

    long mark() {
      return mark;
    }

    synchronized void shipThrough(long index) {
      if (index <= mark) {
        return;
      }
      QueueTally shipped = new QueueTally();
      cursor.visitThrough(index, shipped);
      // Steps onto the next entry's cycle, so the cursor does not keep a file the cleaner may delete mapped.
      cursor.nextEntryCycle();
      bytes.addAndGet(-shipped.bytes());
      records.addAndGet(-shipped.events());
      mark = index;
    }

    synchronized void close() {
      cursor.close();
    }
  }
}
