package io.sluice.agent.buffer;

import static io.sluice.agent.buffer.QueueRepair.HEADER_BYTES;
import static io.sluice.agent.buffer.QueueRepair.LENGTH_MASK;
import static io.sluice.agent.buffer.QueueRepair.LONG_ARRAY;
import static io.sluice.agent.buffer.QueueRepair.META_DATA;
import static io.sluice.agent.buffer.QueueRepair.NOT_COMPLETE;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * As many placeholder entries as a damaged region of a cycle file held, written over it, so the entries after it
 * keep their sequence numbers (Chronicle numbers entries by counting them, and outputs' journals hold those
 * numbers). The count is exact: the file's header says how many entries were written, the chain before the
 * region and the chain found again after it (from a well-formed batch, leading exactly to the last write position)
 * say how many of them are intact. A placeholder's payload starts with an entry version no codec writes, so readers report it as a
 * {@link CorruptEntryException} and outputs skip it. Index slots that pointed into the region are cleared, so
 * Chronicle finds those entries by counting from an earlier slot instead.
 */
final class Placeholders {

  /** The smallest placeholder: a header and a 4-byte payload. */
  private static final int PLACEHOLDER_BYTES = HEADER_BYTES + 4;

  private final long start;
  private final long resumeAt;
  private final long count;
  private final List<Long> indexSlots;

  private Placeholders(long start, long resumeAt, long count, List<Long> indexSlots) {
    this.start = start;
    this.resumeAt = resumeAt;
    this.count = count;
    this.indexSlots = indexSlots;
  }

  /**
   * Plans the placeholders for the damaged region where {@code chain} stopped, or returns null when the entries
   * after it cannot be found again exactly (the file was cut short, or the header does not say where it ends).
   */
  static Placeholders plan(ByteBuffer bytes, QueueRepair.Chain chain) {
    long writePosition = chain.writePosition();
    if (chain.lastSequence() < 0 || writePosition <= chain.end() || !completeEntryAt(bytes, writePosition)) {
      return null;
    }
    for (long resume = chain.end() + HEADER_BYTES; resume <= writePosition; resume += HEADER_BYTES) {
      long intactAfter = entriesLeadingTo(bytes, resume, writePosition);
      // A length field inside an entry can look like a header that leads on to the next entry, so the chain is
      // taken up again only at an entry that is a well-formed batch.
      if (intactAfter > 0 && isBatch(bytes, resume)) {
        long count = chain.lastSequence() + 1 - chain.dataEntries() - intactAfter;
        if (count < 1 || (resume - chain.end()) < count * PLACEHOLDER_BYTES) {
          return null;
        }
        List<Long> slots = indexSlotsInto(bytes, chain.end(), resume);
        return slots == null ? null : new Placeholders(chain.end(), resume, count, slots);
      }
    }
    return null;
  }

  /** Where the entries after the region start. */
  long resumeAt() {
    return resumeAt;
  }

  /** The entries lost in the region, each replaced by one placeholder. */
  long count() {
    return count;
  }

  /** Writes the placeholders over the region and clears the index slots that pointed into it. */
  void write(FileChannel channel, ByteBuffer bytes) throws IOException {
    ByteBuffer region = ByteBuffer.allocate((int) (resumeAt - start)).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count - 1; i++) {
      region.putInt((int) (i * PLACEHOLDER_BYTES), PLACEHOLDER_BYTES - HEADER_BYTES);
    }
    int last = (int) ((count - 1) * PLACEHOLDER_BYTES);
    region.putInt(last, region.capacity() - last - HEADER_BYTES);
    channel.write(region, start);
    ByteBuffer zero = ByteBuffer.allocate(Long.BYTES);
    for (long slot : indexSlots) {
      channel.write(zero.clear(), slot);
    }
    channel.force(false);
  }

  private static boolean isBatch(ByteBuffer bytes, long position) {
    int header = bytes.getInt((int) position);
    if ((header & META_DATA) != 0) {
      return false;
    }
    byte[] payload = new byte[header & LENGTH_MASK];
    bytes.get((int) position + HEADER_BYTES, payload);
    try {
      BatchCodec.read(Bytes.wrapForRead(payload));
      return true;
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      return false;
    }
  }

  private static boolean completeEntryAt(ByteBuffer bytes, long position) {
    if (position + HEADER_BYTES > bytes.limit()) {
      return false;
    }
    int header = bytes.getInt((int) position);
    return header != 0 && (header & NOT_COMPLETE) == 0
        && position + HEADER_BYTES + (header & LENGTH_MASK) <= bytes.limit();
  }

  /**
   * The data entries of the chain from {@code from} when it leads exactly to the complete entry at
   * {@code writePosition} (which it counts), else 0.
   */
  private static long entriesLeadingTo(ByteBuffer bytes, long from, long writePosition) {
    long entries = 0;
    long position = from;
    while (position < writePosition) {
      int header = bytes.getInt((int) position);
      if (header == 0 || (header & NOT_COMPLETE) != 0) {
        return 0;
      }
      if ((header & META_DATA) == 0) {
        entries++;
      }
      position = (position + HEADER_BYTES + (header & LENGTH_MASK) + 3) & ~3L;
    }
    return position == writePosition ? entries + 1 : 0;
  }

  /**
   * The file offsets of index slots pointing into [{@code from}, {@code to}); null when an index array itself lay
   * there, which placeholders cannot stand in for.
   */
  private static List<Long> indexSlotsInto(ByteBuffer bytes, long from, long to) {
    int headerLength = bytes.getInt(0) & LENGTH_MASK;
    long indexToIndex = (HEADER_BYTES + headerLength + 3) & ~3L;
    List<Long> slots = new ArrayList<>();
    for (long arrayPosition : values(bytes, indexToIndex, null)) {
      if (arrayPosition >= from && arrayPosition < to) {
        return null;
      }
      if (arrayPosition > 0 && arrayPosition < bytes.limit()) {
        List<Long> offsets = new ArrayList<>();
        List<Long> positions = values(bytes, arrayPosition, offsets);
        for (int i = 0; i < positions.size(); i++) {
          if (positions.get(i) >= from && positions.get(i) < to) {
            slots.add(offsets.get(i));
          }
        }
      }
    }
    return slots;
  }

  /**
   * The values of the long array in the metadata entry at {@code entry} (Chronicle's binary wire: the array tag,
   * capacity, used count, then the values); adds each value's file offset to {@code offsets} when given.
   */
  private static List<Long> values(ByteBuffer bytes, long entry, List<Long> offsets) {
    List<Long> values = new ArrayList<>();
    if (entry + HEADER_BYTES > bytes.limit()) {
      return values;
    }
    int header = bytes.getInt((int) entry);
    long end = Math.min(bytes.limit(), entry + HEADER_BYTES + (header & LENGTH_MASK));
    if ((header & META_DATA) == 0) {
      return values;
    }
    for (long at = entry + HEADER_BYTES; at < Math.min(end, entry + 64); at++) {
      if (bytes.get((int) at) == LONG_ARRAY) {
        long capacity = bytes.getLong((int) at + 1);
        long first = at + 1 + 2 * Long.BYTES;
        for (long i = 0; i < capacity && first + (i + 1) * Long.BYTES <= end; i++) {
          long offset = first + i * Long.BYTES;
          values.add(bytes.getLong((int) offset));
          if (offsets != null) {
            offsets.add(offset);
          }
        }
        return values;
      }
    }
    return values;
  }
}
