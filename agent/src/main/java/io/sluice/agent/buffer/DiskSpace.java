package io.sluice.agent.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps appends off a full filesystem. Chronicle writes entries through shared mappings of sparse files, so the
 * filesystem allocates a page when it is first written; with no space left that write faults (SIGBUS, which the
 * JVM turns into an {@link InternalError} at best). So an append goes ahead only while the buffer's filesystem
 * keeps {@code buffer.disk_reserve} free after it and after a new cycle file's header and index arrays.
 *
 * <p>Measuring costs a system call, so appends check an estimate: the free space last measured less what was
 * appended since, measured again only when the estimate says no. The thread {@code sluice-buffer-disk-check}
 * measures every {@code buffer.disk_check_interval}; once the buffer refuses for a full disk, that thread alone
 * lets it accept again, when the reserve is free again.
 */
final class DiskSpace implements AutoCloseable {

  /**
   * What a new roll-cycle file takes on disk before its first entry: its header and first index arrays, at most a
   * few hundred KiB for the largest roll cycles (the rest of the file stays sparse until written), rounded up.
   */
  static final long NEW_CYCLE_FILE_BYTES = 1L << 20;

  /** An entry can straddle a page boundary, so it can take up to two pages more than its bytes. */
  private static final long PAGE_SLACK_BYTES = 2 * 4096;

  private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

  private final Path directory;
  private final FileStore store;
  private final long reserveBytes;
  private final Runnable onRecovered;
  private final ScheduledExecutorService checker;
  private final AtomicLong measuredFree = new AtomicLong();
  private final AtomicLong writtenSinceMeasured = new AtomicLong();
  private final AtomicBoolean full = new AtomicBoolean();

  /**
   * @param directory the queue directory, whose filesystem is watched
   * @param onRecovered called on the checker thread when the buffer may accept again after a full disk
   */
  DiskSpace(Path directory, long reserveBytes, Duration checkInterval, Runnable onRecovered) {
    this.directory = directory;
    this.reserveBytes = reserveBytes;
    this.onRecovered = onRecovered;
    try {
      this.store = Files.getFileStore(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the filesystem of the buffer directory " + directory, e);
    }
    measure();
    this.checker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "sluice-buffer-disk-check");
      thread.setDaemon(true);
      return thread;
    });
    checker.scheduleWithFixedDelay(this::check, checkInterval.toMillis(), checkInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Whether an entry of {@code entryBytes} may be appended now; when not, the buffer refuses every append until
   * the checker finds the reserve free again. Called under the writer lock.
   */
  boolean hasRoomFor(long entryBytes) {
    if (full.get()) {
      return false;
    }
    long needed = reserveBytes + NEW_CYCLE_FILE_BYTES + entryBytes + PAGE_SLACK_BYTES;
    if (measuredFree.get() - writtenSinceMeasured.get() >= needed || measure() >= needed) {
      return true;
    }
    refuse("free_bytes=" + measuredFree.get() + " needed_bytes=" + needed);
    return false;
  }

  /** Counts bytes just written into the queue against the estimate. */
  void written(long entryBytes) {
    writtenSinceMeasured.addAndGet(entryBytes + PAGE_SLACK_BYTES);
  }

  /** Measures again, after blocks were allocated, so the estimate starts from the filesystem's own figure. */
  void allocated() {
    measure();
  }

  /** Refuses appends until the checker finds space: a write failed in a way a full disk explains. */
  void writeFailed(Throwable failure) {
    measure();
    refuse("free_bytes=" + measuredFree.get() + " failure=" + failure);
  }

  /** Whether appends are refused for lack of disk space. */
  boolean full() {
    return full.get();
  }

  /** The free bytes of the buffer's filesystem as last measured. */
  long freeBytes() {
    return measuredFree.get();
  }

  @Override
  public void close() {
    checker.shutdownNow();
    try {
      checker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void check() {
    try {
      long free = measure();
      if (full.get() && free >= reserveBytes + NEW_CYCLE_FILE_BYTES + PAGE_SLACK_BYTES
          && full.compareAndSet(true, false)) {
        LOG.info("Buffer filesystem has room again directory={} free_bytes={} reserve_bytes={}", directory, free,
            reserveBytes);
        onRecovered.run();
      }
    } catch (RuntimeException e) {
      LOG.warn("Checking the free space of the buffer filesystem failed directory={}", directory, e);
    }
  }

  private long measure() {
    // Reset first: what is written meanwhile is then both in the measure and counted again, never in neither.
    writtenSinceMeasured.set(0);
    long free;
    try {
      free = store.getUsableSpace();
    } catch (IOException e) {
      // Unknown counts as full: a write into a mapping the filesystem cannot back must not be risked.
      LOG.warn("Cannot read the free space of the buffer filesystem directory={} error={}", directory, e.toString());
      free = 0;
    }
    measuredFree.set(free);
    return free;
  }

  private void refuse(String detail) {
    if (full.compareAndSet(false, true)) {
      LOG.warn("Buffer refuses batches: its filesystem is nearly full directory={} reserve_bytes={} {}", directory,
          reserveBytes, detail);
    }
  }
}
