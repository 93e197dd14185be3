package io.sluice.agent.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Has the filesystem allocate the blocks of the cycle file being written before Chronicle writes into them through
 * its mapping, with ordinary writes that fail with an {@link IOException} when the disk is full, where a write
 * into a mapped page that cannot be backed would fault the JVM.
 *
 * <p>Cycle files are sparse. For a new file, the part Chronicle wrote on creating it (the header and index arrays,
 * whose pages it fills in later) is written back with its own bytes once; beyond the writer's position, where
 * Chronicle has not written anything yet, zeros are written ahead in chunks of {@link #AHEAD_BYTES}. Zeros there
 * read as "no entry yet", as they did before. Filesystems that do not allocate blocks for written zeros (ZFS or
 * btrfs with compression) get no protection from this; the buffer then relies on the free-space check and on
 * catching the fault. Used under the writer lock only.
 */
final class CycleFileAllocation implements AutoCloseable {

  /** How far ahead of the writer blocks are allocated: one write of this size every this many bytes appended. */
  static final int AHEAD_BYTES = 1 << 20;

  /** Covers a cycle file's header and first index arrays for every roll cycle (at most about 130 KiB). */
  private static final long PREAMBLE_BYTES = 256 << 10;

  private final ByteBuffer zeros = ByteBuffer.allocateDirect(AHEAD_BYTES);
  private Path file;
  private FileChannel channel;
  private long allocatedEnd;

  /**
   * Makes sure the blocks of {@code file} from {@code payloadStart} to {@code payloadEnd} are allocated, and
   * allocates ahead when it must allocate at all. Nothing at or after {@code payloadStart} may have been written.
   *
   * @return whether it wrote to the filesystem (the caller then measures free space again)
   * @throws IOException when the filesystem cannot allocate them, typically because it is full
   */
  boolean ensure(Path file, long payloadStart, long payloadEnd) throws IOException {
    boolean wrote = false;
    if (!file.equals(this.file)) {
      open(file, payloadStart);
      wrote = true;
    }
    if (payloadEnd <= allocatedEnd) {
      return wrote;
    }
    long from = Math.max(allocatedEnd, payloadStart);
    // Within the file's current length only: growing it is Chronicle's business.
    long to = Math.min(channel.size(), Math.max(payloadEnd, from + AHEAD_BYTES));
    for (long position = from; position < to; ) {
      zeros.clear().limit((int) Math.min(AHEAD_BYTES, to - position));
      position += channel.write(zeros, position);
    }
    allocatedEnd = Math.max(allocatedEnd, to);
    return true;
  }

  /** Forgets the file, so the next {@link #ensure} starts over, as after a failure. */
  void reset() {
    closeChannel();
    file = null;
    allocatedEnd = 0;
  }

  @Override
  public void close() {
    reset();
  }

  private void open(Path newFile, long payloadStart) throws IOException {
    reset();
    channel = FileChannel.open(newFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
    file = newFile;
    // What Chronicle wrote before the entry it is writing now, written back unchanged: its header and index arrays
    // (which it fills in later) lie within the first PREAMBLE_BYTES; entries written before are allocated already.
    long preamble = Math.min(PREAMBLE_BYTES, payloadStart - Integer.BYTES);
    ByteBuffer existing = ByteBuffer.allocate((int) preamble);
    while (existing.hasRemaining() && channel.read(existing, existing.position()) >= 0) {
      // Reads until the buffer is full; the file is longer than the preamble.
    }
    existing.flip();
    while (existing.hasRemaining()) {
      channel.write(existing, existing.position());
    }
    allocatedEnd = payloadStart;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Only ever written through Chronicle's mapping or forced by QueueFsync; nothing is lost by this close.
      }
      channel = null;
    }
  }
}
