package io.sluice.agent.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds damaged cycle files before Chronicle opens the queue, and makes every intact entry in them readable.
 *
 * <p>Chronicle reads a cycle file as a chain of 4-byte headers (length, metadata and not-complete bits) each
 * followed by its entry, up to an end-of-file marker, or a zero header where the writer stops. It has no checksums,
 * and it does not step over a damaged region: a zero header inside a file ends the reading of the whole queue
 * there, and a file cut below its own header fails the open. So, file by file, this walks the chain and compares
 * where it ends with the last write position the file's header records:
 *
 * <ul>
 *   <li>A file whose header or index preamble is damaged, or whose first entry already is, holds nothing readable:
 *       it is renamed to {@code <name>.cq4.corrupt} (kept for inspection), and readers go on with the next cycle.
 *   <li>A file damaged after some intact entries, whose chain can be found again after the damaged region, gets
 *       {@link Placeholders} in that region, one per entry lost: every entry before and after it is read with its
 *       original index, and readers report each placeholder as a {@link CorruptEntryException}.
 *   <li>A file damaged where nothing can be found again (cut short, or a header that does not say where it
 *       ends) gets an end-of-file marker where the damage starts: every entry before it is read as before, and
 *       readers go on with the next cycle.
 * </ul>
 *
 * <p>Damage inside an entry's bytes that leaves every header intact is not seen here; readers report such an entry
 * as a {@link CorruptEntryException}. A deleted cycle file leaves no trace to count: readers go on with the next.
 * A newest file set aside while its cycle is still the current one is started afresh by Chronicle, whose indexes
 * then start again at that cycle's first; outputs that had shipped past them skip the entries that reuse them.
 */
final class QueueRepair {

  private static final Logger LOG = LoggerFactory.getLogger(QueueRepair.class);

  static final String CORRUPT_SUFFIX = ".corrupt";

  static final int HEADER_BYTES = 4;
  static final int NOT_COMPLETE = 0x8000_0000;
  static final int META_DATA = 0x4000_0000;
  static final int LENGTH_MASK = 0x3FFF_FFFF;
  private static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
  /** Chronicle's binary wire tag of a long array, which holds the header's write position. */
  static final byte LONG_ARRAY = (byte) 0x8D;
  private static final byte[] WRITE_POSITION = "writePosition".getBytes(StandardCharsets.US_ASCII);

  private QueueRepair() {}

  /** Repairs the cycle files in {@code queueDirectory}; returns what was skipped. */
  static QueueDamage repair(Path queueDirectory) {
    List<Path> files = cycleFiles(queueDirectory);
    QueueDamage damage = QueueDamage.NONE;
    for (int i = 0; i < files.size(); i++) {
      damage = damage.plus(repairFile(files.get(i), i == files.size() - 1));
    }
    return damage;
  }

  private static QueueDamage repairFile(Path file, boolean last) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Cycle files are sparse and at most a few blocks long; only pages that hold data are read.
      ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(channel.size(), Integer.MAX_VALUE))
          .order(ByteOrder.LITTLE_ENDIAN);
      Chain chain = walk(bytes, channel.size());
      if (!chain.damaged()) {
        if (!last && chain.stop() != Stop.END_OF_FILE && chain.stop() != Stop.NOT_COMPLETE) {
          // Intact, but never closed (the writer stopped in it): without the marker readers would wait here.
          writeEndOfFile(channel, chain.end());
        }
        return QueueDamage.NONE;
      }
      long lost = chain.lastSequence() < 0 ? 0 : Math.max(0, chain.lastSequence() + 1 - chain.dataEntries());
      long bytesLost = Math.max(HEADER_BYTES, chain.damageEnd() - chain.end());
      if (chain.dataEntries() == 0) {
        channel.close();
        setAside(file);
        LOG.error("Buffer file damaged before its first entry, set aside file={} region_start={} region_end={} "
                + "stop={} entries_lost={} renamed_to={}", file, chain.end(), chain.damageEnd(), chain.stop(), lost,
            file.getFileName() + CORRUPT_SUFFIX);
        return new QueueDamage(1, lost, Math.max(bytesLost, chain.size()));
      }
      Placeholders placeholders = Placeholders.plan(bytes, chain);
      if (placeholders != null) {
        placeholders.write(channel, bytes);
        LOG.error("Buffer file damaged, its damaged region replaced by placeholder entries that readers report "
                + "as corrupt file={} region_start={} region_end={} entries_lost={}", file, chain.end(),
            placeholders.resumeAt(), placeholders.count());
        return new QueueDamage(1, placeholders.count(), placeholders.resumeAt() - chain.end());
      }
      writeEndOfFile(channel, chain.end());
      LOG.error("Buffer file damaged, read up to the damage and skipped from there file={} region_start={} "
              + "region_end={} stop={} entries_kept={} entries_lost={}", file, chain.end(), chain.damageEnd(),
          chain.stop(), chain.dataEntries(), lost);
      return new QueueDamage(1, lost, bytesLost);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair the buffer file " + file, e);
    }
  }

  /** Where a chain of headers stopped. */
  enum Stop { ZERO, END_OF_FILE, NOT_COMPLETE, RUNS_PAST_END, FILE_ENDS }

  /**
   * @param end where the intact chain ends: the position of the first header that is not an intact entry
   * @param size the file's length
   * @param dataEntries intact data entries before {@code end}
   * @param lastSequence the sequence number of the last entry the header says was written, or -1 unknown
   * @param damageEnd where the entries the header says were written end, at least {@code end}
   * @param writePosition where the last entry the header says was written starts, or -1 unknown
   */
  record Chain(Stop stop, long end, long size, long dataEntries, long lastSequence, long damageEnd,
      boolean preambleIntact, long writePosition) {

    boolean damaged() {
      if (!preambleIntact || stop == Stop.RUNS_PAST_END) {
        return true;
      }
      return (stop == Stop.ZERO || stop == Stop.FILE_ENDS) && damageEnd > end;
    }
  }

  static Chain walk(ByteBuffer bytes, long size) {
    long limit = bytes.limit();
    if (limit < HEADER_BYTES) {
      return new Chain(Stop.FILE_ENDS, 0, size, 0, -1, size, false, -1);
    }
    int first = bytes.getInt(0);
    int firstLength = first & LENGTH_MASK;
    boolean headerIntact = (first & (NOT_COMPLETE | META_DATA)) == META_DATA && firstLength > 0
        && HEADER_BYTES + (long) firstLength <= limit;
    long[] written = headerIntact ? writePosition(bytes, firstLength) : new long[] {-1, -1};
    long position = 0;
    long dataEntries = 0;
    Stop stop;
    while (true) {
      if (position + HEADER_BYTES > limit) {
        stop = Stop.FILE_ENDS;
        break;
      }
      int header = bytes.getInt((int) position);
      if (header == 0) {
        stop = Stop.ZERO;
        break;
      }
      if (header == END_OF_FILE) {
        stop = Stop.END_OF_FILE;
        break;
      }
      if ((header & NOT_COMPLETE) != 0) {
        stop = Stop.NOT_COMPLETE;
        break;
      }
      long entryEnd = position + HEADER_BYTES + (header & LENGTH_MASK);
      if (entryEnd > limit) {
        stop = Stop.RUNS_PAST_END;
        break;
      }
      if ((header & META_DATA) == 0) {
        dataEntries++;
      }
      position = (entryEnd + 3) & ~3L;
    }
    long writePosition = written[0];
    long damageEnd = position;
    if (writePosition >= position) {
      damageEnd = writePosition + HEADER_BYTES;
      if (writePosition + HEADER_BYTES <= limit) {
        int header = bytes.getInt((int) writePosition);
        if (header != 0 && (header & NOT_COMPLETE) == 0) {
          damageEnd = Math.min(limit, writePosition + HEADER_BYTES + (header & LENGTH_MASK));
        }
      }
    } else if (stop == Stop.RUNS_PAST_END) {
      damageEnd = limit;
    }
    // The preamble (the header and the first index arrays) is intact once a data entry follows it.
    boolean preambleIntact = headerIntact && (dataEntries > 0 || damageEnd <= position);
    return new Chain(stop, position, size, dataEntries, written[1], damageEnd, preambleIntact, writePosition);
  }

  /**
   * The last write position and the sequence number of the entry there, from the header's {@code writePosition}
   * field: a long array holding the position, then the sequence number in the low 32 bits and the position in the
   * high ones. {-1, -1} when the header does not have it in that form.
   */
  private static long[] writePosition(ByteBuffer bytes, int headerLength) {
    int end = HEADER_BYTES + headerLength;
    int field = indexOf(bytes, WRITE_POSITION, HEADER_BYTES, end);
    if (field < 0) {
      return new long[] {-1, -1};
    }
    for (int at = field + WRITE_POSITION.length; at < Math.min(end, field + WRITE_POSITION.length + 16); at++) {
      if (bytes.get(at) == LONG_ARRAY && at + 1 + 4 * Long.BYTES <= end) {
        long position = bytes.getLong(at + 1 + 2 * Long.BYTES);
        long sequenceAndPosition = bytes.getLong(at + 1 + 3 * Long.BYTES);
        if (position > 0 && sequenceAndPosition >>> 32 == position) {
          return new long[] {position, sequenceAndPosition & 0xFFFF_FFFFL};
        }
        return new long[] {-1, -1};
      }
    }
    return new long[] {-1, -1};
  }

  private static int indexOf(ByteBuffer bytes, byte[] pattern, int from, int to) {
    outer:
    for (int at = from; at + pattern.length <= to; at++) {
      for (int i = 0; i < pattern.length; i++) {
        if (bytes.get(at + i) != pattern[i]) {
          continue outer;
        }
      }
      return at;
    }
    return -1;
  }

  private static void writeEndOfFile(FileChannel channel, long position) throws IOException {
    ByteBuffer marker = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, END_OF_FILE);
    channel.write(marker, position);
    channel.force(false);
  }

  private static void setAside(Path file) {
    try {
      Files.move(file, file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the damaged buffer file " + file + " aside", e);
    }
  }

  private static List<Path> cycleFiles(Path queueDirectory) {
    if (!Files.isDirectory(queueDirectory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(queueDirectory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the buffer directory " + queueDirectory, e);
    }
  }
}
