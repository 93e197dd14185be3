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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
  private final DiskSpace disk;
  private final OutputBacklogs backlogs;
  private final TimeProvider time;
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
  // Guarded by writerLock, as the fields below.
  private ExcerptAppender appender;
  private final CycleFileAllocation allocation = new CycleFileAllocation();
  private int appenderCycle = Integer.MIN_VALUE;
  private Path appenderFile;

  private ChronicleRecordBuffer(BufferConfig config, SingleChronicleQueue queue, QueueCursor frontierCursor,
      OpenScan kept, Collection<String> outputs, PrometheusRegistry registry, TimeProvider time) {
    this.directory = BufferQueues.queueDirectory(config);
    this.queue = queue;
    this.time = time;
    this.budget = new DiskBudget(config.maxBytes().bytes(), kept.tally().bytes());
    // The checker thread calls back only after the constructor is done, when availability is set.
    this.disk = new DiskSpace(directory, config.diskReserve().bytes(), config.diskCheckInterval(),
        this::recheckAvailability);
    this.availability = new AvailabilityListeners(budget, this::refusal);
    this.metrics = new BufferMetrics(registry, budget::unshipped, this::refusingFor, disk::freeBytes,
        budget.maxBytes());
    this.backlogs = new OutputBacklogs(queue, kept.tally(), kept.checkpoints(), outputs);
    this.frontier = new ShippedFrontier(frontierCursor, budget, new CycleFileCleaner(queue, metrics),
        this::readerCycles, outputs);
    this.fsync = new QueueFsync(config.fsync(), config.fsyncInterval(), directory, metrics);
    this.appender = newAppender(queue);
  }

  /**
   * Opens the buffer, creating its directory if needed, and counts what the queue holds against the budget. Damaged
   * cycle files are repaired first (see {@link QueueRepair}): what precedes the damage is kept, the loss is logged
   * and counted in {@code sluice_buffer_corrupt_*}.
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
    QueueDamage damage = QueueRepair.repair(BufferQueues.queueDirectory(config));
    SingleChronicleQueue queue = BufferQueues.open(config, time);
    QueueCursor frontierCursor = new QueueCursor(queue);
    try {
      // Nothing is known shipped until outputs report it, so every entry kept counts.
      OpenScan kept = new OpenScan(queue);
      frontierCursor.visitThrough(Long.MAX_VALUE, kept);
      frontierCursor.seekAfter(BufferReader.NO_INDEX);
      ChronicleRecordBuffer buffer = new ChronicleRecordBuffer(config, queue, frontierCursor, kept, outputs,
          registry, time);
      buffer.metrics.skippedCorrupt(damage);
      // Kept, not unshipped: shipped entries stay until their cycle file goes, and only the outputs know which
      // are shipped. The agent's start-up line gives the unshipped bytes once they have said.
      LOG.info("Buffer opened directory={} kept_bytes={} kept_entries={} max_bytes={} fsync={} corrupt_files={} "
              + "took_ms={}", buffer.directory, kept.tally().bytes(), kept.tally().entries(),
          config.maxBytes().bytes(), config.fsync(), damage.files(), (System.nanoTime() - startNanos) / 1_000_000);
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
   * @throws BufferFullException when more than {@code buffer.max_bytes} are unshipped, or the buffer's filesystem
   *     has less than {@code buffer.disk_reserve} free, or writing failed as a full filesystem fails; nothing was
   *     appended, retry later
   * @throws BatchTooLargeException when the batch can never fit: larger than {@code buffer.max_bytes}, or than
   *     a queue entry can hold ({@link BufferQueues#MAX_ENTRY_BYTES})
   * @throws UncheckedIOException when, with {@code always}, forcing failed: the entry is in the queue and will be
   *     shipped, so a sender's retry makes a duplicate
   * @throws IllegalStateException when the buffer is closed
   */
  @Override
  public void append(EventBatch batch) throws BufferFullException, BatchTooLargeException {
    BatchCodec.Encodable entry = BatchCodec.prepare(batch);
    long entryBytes = QueueCursor.entryBytes(entry.length());
    long index;
    try {
      index = appendLocked(entry, entryBytes, batch.eventCount());
    } catch (BufferFullException e) {
      // A refusal may have started here (a full disk); listeners are told outside the lock.
      availability.check();
      throw e;
    }
    metrics.appended(batch.eventCount(), entryBytes);
    availability.check();
    fsync.awaitDurable(index);
  }

  @Override
  public boolean isAccepting() {
    return !closed.get() && refusal().isEmpty();
  }

  /**
   * Why the buffer refuses appends now, empty while it accepts: the readiness reason. A full disk is named before
   * a spent budget, because only the operator can fix it.
   */
  public Optional<RefusalReason> refusal() {
    if (disk.full()) {
      return Optional.of(RefusalReason.DISK_FULL);
    }
    return budget.accepting() ? Optional.empty() : Optional.of(RefusalReason.FULL);
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
    if (!backlogs.knows(output)) {
      writerLock.lock();
      try {
        backlogs.register(output);
      } finally {
        writerLock.unlock();
      }
    }
    ChronicleBufferReader reader = new ChronicleBufferReader(output, new QueueCursor(queue), readers::remove,
        index -> queue.rollCycle().toCycle(index) * (long) queue.rollCycle().lengthInMillis() + queue.epoch());
    readers.add(reader);
    return reader;
  }

  @Override
  public void markShipped(String output, long index) {
    checkOpen();
    // The backlog first: its cursor then has moved on from the files the frontier may delete.
    backlogs.markShipped(output, index);
    frontier.markShipped(output, index);
    availability.check();
  }

  @Override
  public long unshippedBytes() {
    return budget.unshipped();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Exact in bytes and records, from running totals. The append time is to the second; for entries appended
   * before this buffer was opened it is the start of their roll cycle, which is never later than the real time.
   */
  @Override
  public Backlog backlog(String output) {
    return backlogs.backlog(output);
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
      allocation.close();
    } finally {
      writerLock.unlock();
    }
    fsync.close();
    disk.close();
    frontier.close();
    backlogs.close();
    metrics.close();
    queue.close();
    LOG.info("Buffer closed directory={} unshipped_bytes={}", directory, budget.unshipped());
  }

  private long appendLocked(BatchCodec.Encodable entry, long entryBytes, long events)
      throws BufferFullException, BatchTooLargeException {
    writerLock.lock();
    try {
      checkOpen();
      checkAcceptable(entryBytes);
      return write(entry, entryBytes, events);
    } finally {
      writerLock.unlock();
    }
  }

  private void checkAcceptable(long entryBytes) throws BufferFullException, BatchTooLargeException {
    if (!budget.canEverFit(entryBytes)) {
      metrics.refusedTooLarge();
      throw new BatchTooLargeException("a batch of " + entryBytes + " bytes can never fit the buffer: "
          + "buffer.max_bytes is " + budget.maxBytes());
    }
    if (!disk.hasRoomFor(entryBytes)) {
      metrics.refusedDiskFull();
      throw new BufferFullException("the buffer's filesystem is nearly full: " + disk.freeBytes()
          + " bytes free in " + directory + ", and buffer.disk_reserve keeps some free");
    }
    if (!budget.accepting()) {
      metrics.refusedFull();
      throw new BufferFullException("the buffer is full: " + budget.unshipped()
          + " bytes are not yet shipped by every output and buffer.max_bytes is " + budget.maxBytes());
    }
  }

  /**
   * Appends one entry under the writer lock; returns its index.
   *
   * @throws BufferFullException when writing failed as writes into the mapping of a full filesystem fail (an
   *     {@link InternalError} from a faulted page, or Chronicle's {@link IORuntimeException}); the entry was rolled
   *     back, and appends are refused until the filesystem has room
   */
  private long write(BatchCodec.Encodable entry, long entryBytes, long events)
      throws BatchTooLargeException, BufferFullException {
    long lastBefore = lastIndexAppended();
    boolean counted = false;
    try (DocumentContext document = appender.writingDocument()) {
      Bytes<?> bytes = document.wire().bytes();
      if (entry.length() > bytes.writeRemaining()) {
        document.rollbackOnClose();
        metrics.refusedTooLarge();
        throw new BatchTooLargeException("a batch of " + entry.length() + " bytes can never fit the buffer: "
            + "a queue entry holds at most " + bytes.writeRemaining() + " bytes");
      }
      IOException noSpace = allocate(bytes.writePosition(), entry.length());
      if (noSpace != null) {
        // Nothing of the entry is written; rolling back clears only its header, whose block is allocated.
        document.rollbackOnClose();
        return refuseWrite(noSpace);
      }
      try {
        entry.writeTo(bytes, time.currentTimeMillis());
      } catch (RuntimeException | InternalError e) {
        document.rollbackOnClose();
        throw e;
      }
      // Counted before close() makes the entry visible, so no output can ship (and release) it uncounted first.
      budget.added(entryBytes);
      backlogs.adding(entryBytes, events);
      counted = true;
    } catch (IORuntimeException | InternalError e) {
      if (counted && lastIndexAppended() == lastBefore) {
        budget.released(entryBytes);
        backlogs.adding(-entryBytes, -events);
      }
      LOG.error("Appending to the buffer failed; refusing appends until its filesystem has room directory={}",
          directory, e);
      // The appender may be left inside the entry it could not finish; a new one starts clean.
      allocation.reset();
      try {
        appender.close();
      } catch (RuntimeException | InternalError closing) {
        LOG.warn("Closing the failed buffer appender failed directory={} error={}", directory, closing.toString());
      }
      appender = newAppender(queue);
      return refuseWrite(e);
    }
    disk.written(entryBytes);
    long index = appender.lastIndexAppended();
    backlogs.appended(index, time.currentTimeMillis() / 1000);
    fsync.appended(index, appenderFile());
    return index;
  }

  /** Allocates the blocks the entry will be written to; returns the failure, or null when they are allocated. */
  private IOException allocate(long payloadStart, long length) {
    try {
      if (allocation.ensure(appenderFile(), payloadStart, payloadStart + length)) {
        disk.allocated();
      }
      return null;
    } catch (IOException e) {
      allocation.reset();
      return e;
    }
  }

  private long refuseWrite(Throwable failure) throws BufferFullException {
    disk.writeFailed(failure);
    metrics.refusedDiskFull();
    throw new BufferFullException("the buffer's filesystem has no room for the batch in " + directory + " ("
        + failure + "); refusing appends until it has");
  }

  private static ExcerptAppender newAppender(SingleChronicleQueue queue) {
    ExcerptAppender appender = queue.createAppender();
    // Chronicle pins an appender to the first thread that uses it; writerLock hands this one between threads.
    appender.singleThreadedCheckDisabled(true);
    return appender;
  }

  private long lastIndexAppended() {
    try {
      return appender.lastIndexAppended();
    } catch (IllegalStateException e) {
      // Chronicle's answer before this appender appended anything.
      return BufferReader.NO_INDEX;
    }
  }

  private Path appenderFile() {
    if (appender.cycle() != appenderCycle) {
      appenderCycle = appender.cycle();
      appenderFile = appender.currentFile().toPath();
    }
    return appenderFile;
  }

  private Set<Integer> readerCycles() {
    Set<Integer> cycles = new HashSet<>(backlogs.cycles());
    readers.forEach(reader -> cycles.add(reader.cycle()));
    return cycles;
  }

  private void recheckAvailability() {
    availability.check();
  }

  private boolean refusingFor(RefusalReason reason) {
    return switch (reason) {
      case FULL -> !budget.accepting();
      case DISK_FULL -> disk.full();
    };
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the buffer in " + directory + " is closed");
    }
  }
}
