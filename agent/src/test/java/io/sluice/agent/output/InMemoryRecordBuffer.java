package io.sluice.agent.output;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.BufferedBatch;
import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A list-backed {@link RecordBuffer} for output tests: entries get growing indexes, readers are independent
 * cursors, and what each output read and marked shipped is recorded ({@link #markShipped} is refused when it moves
 * back, which no output may do).
 */
final class InMemoryRecordBuffer implements RecordBuffer {

  /** Indexes start far from 0, as Chronicle's do, so no test can confuse an index with a list position. */
  static final long FIRST_INDEX = 7L << 32;

  private final List<BufferedBatch> entries = new CopyOnWriteArrayList<>();
  private final Map<String, Long> shipped = new ConcurrentHashMap<>();
  private final Map<String, Long> read = new ConcurrentHashMap<>();
  private final List<AvailabilityListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>();
  private final Clock arrivals;

  /** A buffer whose entries all arrive at {@link TestOutputs#CLOCK_START}, when the tests' clocks start. */
  InMemoryRecordBuffer() {
    this(Clock.fixed(TestOutputs.CLOCK_START, ZoneOffset.UTC));
  }

  /** A buffer that stamps each entry with {@code arrivals}' time when it is appended, as the real buffer does. */
  InMemoryRecordBuffer(Clock arrivals) {
    this.arrivals = arrivals;
  }

  @Override
  public synchronized void append(EventBatch batch) {
    entries.add(new BufferedBatch(FIRST_INDEX + entries.size(), batch, sizeOf(batch), arrivals.millis()));
  }

  /** Appends every batch, in order. */
  void appendAll(EventBatch... batches) {
    for (EventBatch batch : batches) {
      append(batch);
    }
  }

  /** The index of the newest entry. */
  long lastIndex() {
    return entries.get(entries.size() - 1).index();
  }

  /** The index of the {@code n}th entry appended, from 0. */
  long indexOf(int n) {
    return entries.get(n).index();
  }

  /** What {@code output} last reported as shipped, or {@link BufferReader#NO_INDEX}. */
  long shippedThrough(String output) {
    return shipped.getOrDefault(output, BufferReader.NO_INDEX);
  }

  /** The newest index a reader of {@code output} has returned, or {@link BufferReader#NO_INDEX}. */
  long readThrough(String output) {
    return read.getOrDefault(output, BufferReader.NO_INDEX);
  }

  /**
   * Runs {@code action} once, inside the next read that finds no entry, before it returns null: what happens while
   * a reader is deciding it has reached the end.
   */
  void whileAReaderFindsTheEnd(Runnable action) {
    atNextEnd.set(action);
  }

  @Override
  public boolean isAccepting() {
    return true;
  }

  @Override
  public void addAvailabilityListener(AvailabilityListener listener) {
    listeners.add(listener);
  }

  @Override
  public BufferReader openReader(String output) {
    shipped.putIfAbsent(output, BufferReader.NO_INDEX);
    return new ListReader(output);
  }

  /**
   * As the Chronicle buffer does, refuses marks from an output that never opened a reader. Stricter than it, refuses
   * marks that move back (it ignores them), since no output should ever send one.
   */
  @Override
  public void markShipped(String output, long index) {
    if (!shipped.containsKey(output)) {
      throw new IllegalArgumentException("output " + output + " has no buffer reader; open one before marking");
    }
    shipped.merge(output, index, (previous, next) -> {
      if (next < previous) {
        throw new IllegalStateException(output + " moved its shipped position back from " + previous + " to " + next);
      }
      return next;
    });
  }

  @Override
  public long unshippedBytes() {
    long slowest = shipped.values().stream().mapToLong(Long::longValue).min().orElse(BufferReader.NO_INDEX);
    return entries.stream().filter(entry -> entry.index() > slowest).mapToLong(BufferedBatch::sizeBytes).sum();
  }

  @Override
  public io.sluice.agent.buffer.Backlog backlog(String output) {
    long mark = shipped.getOrDefault(output, BufferReader.NO_INDEX);
    List<BufferedBatch> waiting = entries.stream().filter(entry -> entry.index() > mark).toList();
    return new io.sluice.agent.buffer.Backlog(waiting.stream().mapToLong(BufferedBatch::sizeBytes).sum(),
        waiting.stream().mapToLong(entry -> entry.batch().eventCount()).sum(), null);
  }

  @Override
  public void close() {
    // Nothing to release: the entries live on the heap.
  }

  private static long sizeOf(EventBatch batch) {
    if (batch instanceof PackedEntries packed) {
      return packed.entries().length;
    }
    return ((RecordBatch) batch).records().stream().mapToLong(record -> record.body().length).sum();
  }

  /** One cursor over the list; not thread-safe, like the real reader. */
  private final class ListReader implements BufferReader {

    private final String output;
    private int position;

    ListReader(String output) {
      this.output = output;
    }

    @Override
    public void seekAfter(long index) {
      position = 0;
      while (position < entries.size() && entries.get(position).index() <= index) {
        position++;
      }
    }

    @Override
    public BufferedBatch next() {
      if (position >= entries.size()) {
        Runnable action = atNextEnd.getAndSet(null);
        if (action != null) {
          action.run();
        }
        return null;
      }
      BufferedBatch entry = entries.get(position++);
      read.merge(output, entry.index(), Math::max);
      return entry;
    }

    @Override
    public void close() {
      position = Integer.MAX_VALUE;
    }
  }

  /** A batch of one JSON record, for tests that do not care about the encoding. */
  static RecordBatch json(String tag, long epochNanos, String json) {
    return new RecordBatch(tag,
        List.of(new Record(epochNanos, RecordEncoding.JSON, json.getBytes(StandardCharsets.UTF_8))));
  }
}
