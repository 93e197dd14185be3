package io.sluice.agent.buffer;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import io.sluice.config.buffer.BufferConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.IORuntimeException;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable buffer on a Chronicle queue in {@code <buffer.directory>/queue}: one entry per batch, read back by
 * one reader per output, counted against {@code buffer.max_bytes} until every registered output has shipped it,
 * and deleted a roll-cycle file at a time once all of them have.
 */
public final class ChronicleRecordBuffer implements RecordBuffer {

  private static final Logger LOG = LoggerFactory.getLogger(ChronicleRecordBuffer.class);

  private final Path directory;
  private final SingleChronicleQueue queue;
  private final DiskBudget budget;
  private final BufferMetrics metrics;
  private final AvailabilityListeners availability;
  private final ShippedFrontier frontier;
  private final QueueFsync fsync;
  private final Set<ChronicleBufferReader> readers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /*
   * One appender behind one lock, rather than an appender per Netty thread. Chronicle lets one writer at a time
   * into the queue anyway, through a lock in metadata.cq4t whose waiters spin and yield instead of parking, so
   * per-thread appenders would only add spinning threads and mappings. Measured with 8 threads on 2 cores: 26 KB
   * entries about 17k/s locked against 12-16k/s per thread, 300-byte entries about 1.3M/s against 0.5-0.9M/s.
   * The lock also makes the budget check and the append one step. Batches are sized before taking it, so it
   * covers little more than the copy into the mapping.
   */
  private final ReentrantLock writerLock = new ReentrantLock();
  private final ExcerptAppender appender;
  // Guarded by writerLock.
  private int appenderCycle = Integer.MIN_VALUE;
  private Path appenderFile;

  private ChronicleRecordBuffer(BufferConfig config, SingleChronicleQueue queue, QueueCursor frontierCursor,
      long unshippedAtOpen, Collection<String> outputs, PrometheusRegistry registry) {
    this.directory = BufferQueues.queueDirectory(config);
    this.queue = queue;
    this.budget = new DiskBudget(config.maxBytes().bytes(), unshippedAtOpen);
    this.metrics = new BufferMetrics(registry, budget::unshipped);
    this.availability = new AvailabilityListeners(budget);
    this.frontier = new ShippedFrontier(frontierCursor, budget, new CycleFileCleaner(queue, metrics),
        this::readerCycles, outputs);
    this.fsync = new QueueFsync(config.fsync(), config.fsyncInterval(), directory, metrics);
    this.appender = queue.createAppender();
    // Chronicle pins an appender to the first thread that uses it; writerLock hands this one between threads.
    appender.singleThreadedCheckDisabled(true);
  }

  /**
   * Opens the buffer, creating its directory if needed, and counts what the queue holds against the budget.
   *
   * @param outputs the configured outputs: each holds every entry kept until it reports what it shipped, so no
   *     file is deleted before an output that has not opened its reader yet has shipped it
   * @param registry where the {@code sluice_buffer_*} metrics go; they leave it when the buffer closes
   */
  public static ChronicleRecordBuffer open(BufferConfig config, Collection<String> outputs,
      PrometheusRegistry registry) {
    return open(config, outputs, registry, SystemTimeProvider.INSTANCE);
  }

  /** As {@link #open(BufferConfig, Collection, PrometheusRegistry)}, with Chronicle's clock (tests roll with it). */
  static ChronicleRecordBuffer open(BufferConfig config, Collection<String> outputs, PrometheusRegistry registry,
      TimeProvider time) {
    long startNanos = System.nanoTime();
    SingleChronicleQueue queue = BufferQueues.open(config, time);
    QueueCursor frontierCursor = new QueueCursor(queue);
    try {
      // Nothing is known shipped until outputs report it, so every entry kept counts.
      long kept = frontierCursor.skipThrough(Long.MAX_VALUE);
      frontierCursor.seekAfter(BufferReader.NO_INDEX);
      ChronicleRecordBuffer buffer = new ChronicleRecordBuffer(config, queue, frontierCursor, kept, outputs,
          registry);
      LOG.info("Buffer opened directory={} unshipped_bytes={} max_bytes={} fsync={} took_ms={}", buffer.directory,
          kept, config.maxBytes().bytes(), config.fsync(), (System.nanoTime() - startNanos) / 1_000_000);
      return buffer;
    } catch (RuntimeException e) {
      frontierCursor.close();
      queue.close();
      throw e;
    }
  }

  /**
   * Appends the batch as one queue entry, whole or not at all. When this returns, by {@code buffer.fsync}:
   *
   * <ul>
   *   <li>{@code never}: the entry is in the OS page cache (Chronicle writes through a shared mapping of the
   *       file), so it survives the agent process being killed, but not an OS crash or power loss before the OS
   *       writes it back (Linux does within about 30 s).
   *   <li>{@code interval}: as {@code never}, and the thread {@code sluice-buffer-fsync} forces what was appended
   *       at most every {@code fsync_interval}, without this method waiting: a power loss loses at most the
   *       batches acknowledged in the last interval and during one fsync.
   *   <li>{@code always}: the cycle file holding the entry was forced with fdatasync, and for a new file the
   *       queue directory too, so the entry survives a power loss as far as the disk honours flushes. Appends
   *       waiting at the same time share one fsync.
   * </ul>
   *
   * @throws BufferFullException when more than {@code buffer.max_bytes} are unshipped; retry later
   * @throws BatchTooLargeException when the batch can never fit: larger than {@code buffer.max_bytes}, or than
   *     a queue entry can hold ({@link BufferQueues#MAX_ENTRY_BYTES})
   * @throws UncheckedIOException when writing or, with {@code always}, forcing failed; in the second case the
   *     entry is in the queue and will be shipped, so a sender's retry makes a duplicate
   * @throws IllegalStateException when the buffer is closed
   */
  @Override
  public void append(EventBatch batch) throws BufferFullException, BatchTooLargeException {
    BatchCodec.Encodable entry = BatchCodec.prepare(batch);
    long entryBytes = QueueCursor.entryBytes(entry.length());
    long index;
    writerLock.lock();
    try {
      checkOpen();
      checkAcceptable(entryBytes);
      index = write(entry, entryBytes);
    } finally {
      writerLock.unlock();
    }
    metrics.appended(batch.eventCount(), entryBytes);
    availability.check();
    fsync.awaitDurable(index);
  }

  @Override
  public boolean isAccepting() {
    return !closed.get() && budget.accepting();
  }

  @Override
  public void addAvailabilityListener(AvailabilityListener listener) {
    availability.add(listener);
  }

  @Override
  public BufferReader openReader(String output) {
    checkOpen();
    frontier.register(output);
    availability.check();
    ChronicleBufferReader reader = new ChronicleBufferReader(output, new QueueCursor(queue), readers::remove);
    readers.add(reader);
    return reader;
  }

  @Override
  public void markShipped(String output, long index) {
    checkOpen();
    frontier.markShipped(output, index);
    availability.check();
  }

  @Override
  public long unshippedBytes() {
    return budget.unshipped();
  }

  @Override
  public Backlog backlog(String output) {
    // Interim: the budget's figure, shared by all outputs; per-output records and age come with the backlog tracker.
    return new Backlog(budget.unshipped(), 0, null);
  }

  /**
   * Waits for appends in progress, forces what the fsync level owes, and releases the queue. Readers still open
   * fail from then on. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writerLock.lock();
    try {
      appender.close();
    } finally {
      writerLock.unlock();
    }
    fsync.close();
    frontier.close();
    metrics.close();
    queue.close();
    LOG.info("Buffer closed directory={} unshipped_bytes={}", directory, budget.unshipped());
  }

  private void checkAcceptable(long entryBytes) throws BufferFullException, BatchTooLargeException {
    if (!budget.canEverFit(entryBytes)) {
      metrics.refusedTooLarge();
      throw new BatchTooLargeException("a batch of " + entryBytes + " bytes can never fit the buffer: "
          + "buffer.max_bytes is " + budget.maxBytes());
    }
    if (!budget.accepting()) {
      metrics.refusedFull();
      throw new BufferFullException("the buffer is full: " + budget.unshipped()
          + " bytes are not yet shipped by every output and buffer.max_bytes is " + budget.maxBytes());
    }
  }

  /** Appends one entry under the writer lock; returns its index. */
  private long write(BatchCodec.Encodable entry, long entryBytes) throws BatchTooLargeException {
    try (DocumentContext document = appender.writingDocument()) {
      Bytes<?> bytes = document.wire().bytes();
      if (entry.length() > bytes.writeRemaining()) {
        document.rollbackOnClose();
        metrics.refusedTooLarge();
        throw new BatchTooLargeException("a batch of " + entry.length() + " bytes can never fit the buffer: "
            + "a queue entry holds at most " + bytes.writeRemaining() + " bytes");
      }
      try {
        entry.writeTo(bytes);
      } catch (RuntimeException e) {
        document.rollbackOnClose();
        throw e;
      }
      // Counted before close() makes the entry visible, so no output can ship (and release) it uncounted first.
      budget.added(entryBytes);
    } catch (IORuntimeException e) {
      throw new UncheckedIOException(new IOException("appending to the buffer in " + directory + " failed", e));
    }
    long index = appender.lastIndexAppended();
    fsync.appended(index, appenderFile());
    return index;
  }

  private Path appenderFile() {
    if (appender.cycle() != appenderCycle) {
      appenderCycle = appender.cycle();
      appenderFile = appender.currentFile().toPath();
    }
    return appenderFile;
  }

  private Set<Integer> readerCycles() {
    return readers.stream().map(ChronicleBufferReader::cycle).collect(Collectors.toSet());
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the buffer in " + directory + " is closed");
    }
  }
}
