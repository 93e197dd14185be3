package io.sluice.agent.buffer;

import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces appended queue files to disk as {@code buffer.fsync} asks; {@link ChronicleRecordBuffer#append} states
 * what each level guarantees. {@code never} forces nothing. {@code always} forces before {@code append} returns;
 * the one thread forcing covers every entry appended so far, so appends that wait together share one fsync.
 * {@code interval} forces from a scheduled thread. With both, {@link #close} forces what is left.
 *
 * <p>Why {@code FileChannel.force} rather than Chronicle's {@code SyncMode}: in Chronicle 2026.4
 * {@code ExcerptAppender.sync()} msyncs only from the page it last synced up to the write position of its current
 * mapping, so index pages written earlier in the file are not covered, and it must run on the appender under the
 * writer lock. Forcing the file covers every dirty page of it, including those Chronicle wrote through the mapping
 * (on Linux mapped and written pages share one page cache), and runs outside the writer lock.
 */
final class QueueFsync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QueueFsync.class);

  private final FsyncPolicy policy;
  private final Path directory;
  private final BufferMetrics metrics;
  // Null unless the policy is interval.
  private final ScheduledExecutorService intervalThread;

  private final Object appendedLock = new Object();
  // Guarded by appendedLock: what was appended since the last force.
  private long appendedIndex = -1;
  private Path currentFile;
  private boolean currentFileDirty;
  private boolean newFileCreated;
  private final List<Path> rolledDirtyFiles = new ArrayList<>();

  // Taken by the one thread forcing at a time; others wait on it and usually find their entry already durable.
  private final Object forceLock = new Object();
  private volatile long durableIndex = -1;

  QueueFsync(FsyncPolicy policy, Duration interval, Path directory, BufferMetrics metrics) {
    this.policy = policy;
    this.directory = directory;
    this.metrics = metrics;
    this.intervalThread = policy == FsyncPolicy.INTERVAL ? startIntervalThread(interval) : null;
  }

  /** Records an append; called under the writer lock, so it only notes what a later force must cover. */
  void appended(long index, Path cycleFile) {
    if (policy == FsyncPolicy.NEVER) {
      return;
    }
    synchronized (appendedLock) {
      if (!cycleFile.equals(currentFile)) {
        if (currentFileDirty) {
          rolledDirtyFiles.add(currentFile);
        }
        currentFile = cycleFile;
        newFileCreated = true;
      }
      currentFileDirty = true;
      appendedIndex = index;
    }
  }

  /**
   * Returns once the entry at {@code index} is as durable as the policy promises before an acknowledgement.
   *
   * @throws UncheckedIOException when forcing a file failed; the entry is in the queue but may not be on disk
   */
  void awaitDurable(long index) {
    if (policy == FsyncPolicy.ALWAYS) {
      forceThrough(index);
    }
  }

  /** The last index known forced to disk, or -1; for tests and diagnostics. */
  long durableIndex() {
    return durableIndex;
  }

  /** Stops the interval thread, then forces what is left so a clean shutdown loses nothing on power loss. */
  @Override
  public void close() {
    if (intervalThread != null) {
      intervalThread.shutdown();
      try {
        if (!intervalThread.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("Buffer fsync thread did not stop within 10s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (policy != FsyncPolicy.NEVER) {
      try {
        forceThrough(Long.MAX_VALUE);
      } catch (UncheckedIOException e) {
        // Closing goes on: the queue must still be released, and the entries are in the page cache regardless.
        LOG.error("Forcing the buffer to disk on close failed", e);
      }
    }
  }

  private ScheduledExecutorService startIntervalThread(Duration interval) {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread named = new Thread(task, "sluice-buffer-fsync");
      named.setDaemon(true);
      return named;
    });
    long millis = interval.toMillis();
    thread.scheduleWithFixedDelay(this::forceOnInterval, millis, millis, TimeUnit.MILLISECONDS);
    return thread;
  }

  private void forceOnInterval() {
    try {
      forceThrough(Long.MAX_VALUE);
    } catch (UncheckedIOException e) {
      LOG.error("Forcing the buffer to disk failed; retrying in the next interval", e);
    }
  }

  private void forceThrough(long index) {
    if (durableIndex >= index) {
      return;
    }
    synchronized (forceLock) {
      if (durableIndex >= index) {
        return;
      }
      Pending pending = takePending();
      try {
        for (Path file : pending.files()) {
          if (force(file)) {
            metrics.fsynced();
          }
        }
        if (pending.newFile()) {
          forceDirectory();
        }
      } catch (IOException e) {
        restore(pending);
        throw new UncheckedIOException("could not force the buffer to disk in " + directory, e);
      }
      durableIndex = Math.max(durableIndex, pending.index());
    }
  }

  private record Pending(long index, List<Path> files, boolean newFile) {}

  private Pending takePending() {
    synchronized (appendedLock) {
      List<Path> files = new ArrayList<>(rolledDirtyFiles);
      if (currentFileDirty) {
        files.add(currentFile);
      }
      Pending pending = new Pending(appendedIndex, files, newFileCreated);
      rolledDirtyFiles.clear();
      currentFileDirty = false;
      newFileCreated = false;
      return pending;
    }
  }

  private void restore(Pending pending) {
    synchronized (appendedLock) {
      for (Path file : pending.files()) {
        if (file.equals(currentFile)) {
          currentFileDirty = true;
        } else {
          rolledDirtyFiles.add(file);
        }
      }
      newFileCreated |= pending.newFile();
    }
  }

  /** Forces one file; false when it is gone, deleted because every output shipped it. */
  private static boolean force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(false);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private void forceDirectory() throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
