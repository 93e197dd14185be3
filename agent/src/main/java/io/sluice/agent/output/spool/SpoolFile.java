package io.sluice.agent.output.spool;

import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One file being filled on local disk: the JSON lines of one time slice of the queue entries of one tag, from
 * {@link #firstIndex()} to {@link #lastIndex()} (every record of that slice in those entries), and beside it,
 * created only when needed, the records of those entries that could not be written as lines (see {@link #reject}).
 * It is never fsync'ed: a lost spool file is rebuilt from the queue.
 *
 * <p>It holds the bytes that go up: for a gzip output the lines are compressed as they are appended (one gzip
 * member, see {@link GzipMemberOutputStream}), while {@link #bytes()} counts the lines' uncompressed bytes, which is
 * what {@code roll.size} is compared with.
 */
public final class SpoolFile {

  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  private final Path path;
  private final String tag;
  private final long slice;
  private final long firstIndex;
  private final Instant openedAt;
  private OutputStream out;
  private long lastIndex;
  private long records;
  private long bytes;
  private long firstRecordNanos;
  private final Path rejectsPath;
  private OutputStream rejectsOut;
  private long rejected;
  private String firstProblem;

  private SpoolFile(Path path, String tag, long slice, long firstIndex, Instant openedAt, OutputStream out) {
    this.path = path;
    this.tag = tag;
    this.slice = slice;
    this.firstIndex = firstIndex;
    this.lastIndex = firstIndex;
    this.openedAt = openedAt;
    this.out = out;
    this.rejectsPath = path.resolveSibling(firstIndex + "-" + slice + ".rejected.jsonl");
  }

  /** Creates (or truncates) the plain spool file for the entries of {@code tag} from queue index {@code firstIndex}. */
  public static SpoolFile create(Path directory, String tag, long firstIndex, Instant openedAt) throws IOException {
    return create(directory, tag, 0, firstIndex, openedAt, Compression.NONE);
  }

  /**
   * Creates (or truncates) the spool file for the records of {@code slice} (its start, Unix seconds) in the entries
   * of {@code tag} from queue index {@code firstIndex}, stored with {@code compression}: one entry may start files
   * of several slices.
   */
  public static SpoolFile create(Path directory, String tag, long slice, long firstIndex, Instant openedAt,
      Compression compression) throws IOException {
    Path path = directory.resolve(firstIndex + "-" + slice + ".jsonl");
    OutputStream file = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    // The write buffer sits in front of the deflater: lines reach it in the same chunks on every rebuild.
    OutputStream stored;
    try {
      stored = compression == Compression.GZIP ? new GzipMemberOutputStream(file) : file;
    } catch (IOException e) {
      file.close();
      throw e;
    }
    return new SpoolFile(path, tag, slice, firstIndex, openedAt,
        new BufferedOutputStream(stored, WRITE_BUFFER_BYTES));
  }

  /** Appends one complete line; the first line's event time becomes the file's first record time. */
  public void append(byte[] line, int length, long epochNanos) throws IOException {
    out.write(line, 0, length);
    if (records == 0) {
      firstRecordNanos = epochNanos;
    }
    records++;
    bytes += length;
  }

  /**
   * Keeps one record that could not be written as a line: {@code line} is its complete quarantine line.
   *
   * @param problem why it could not be written; the first one is kept for the quarantine's reason object
   */
  public void reject(byte[] line, String problem) throws IOException {
    if (rejectsOut == null) {
      rejectsOut = new BufferedOutputStream(Files.newOutputStream(rejectsPath, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }
    rejectsOut.write(line);
    if (rejected == 0) {
      firstProblem = problem;
    }
    rejected++;
  }

  /** Records that the file now holds the entries through {@code index}. */
  public void extendTo(long index) {
    lastIndex = index;
  }

  /** Flushes and closes the file for reading; nothing more can be appended. */
  public void finish() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
    if (rejectsOut != null) {
      rejectsOut.close();
      rejectsOut = null;
    }
  }

  /** Closes the file, whatever state it is in, and removes it from disk. */
  public void delete() throws IOException {
    try {
      finish();
    } finally {
      Files.deleteIfExists(path);
      Files.deleteIfExists(rejectsPath);
    }
  }

  public Path path() {
    return path;
  }

  /** Where the rejected records are kept; the file exists only when {@link #rejected()} is above zero. */
  public Path rejectsPath() {
    return rejectsPath;
  }

  /** How many records could not be written as lines. */
  public long rejected() {
    return rejected;
  }

  /** Why the first rejected record could not be written; null when none was. */
  public String firstProblem() {
    return firstProblem;
  }

  public String tag() {
    return tag;
  }

  /** The start of the file's time slice, Unix seconds. */
  public long slice() {
    return slice;
  }

  public long firstIndex() {
    return firstIndex;
  }

  public long lastIndex() {
    return lastIndex;
  }

  /** When the first record arrived, by the destination's clock; what {@code roll.age} counts from. */
  public Instant openedAt() {
    return openedAt;
  }

  public long records() {
    return records;
  }

  public long bytes() {
    return bytes;
  }

  /** The event time of the first record, which the object key's time fields come from. */
  public long firstRecordNanos() {
    return firstRecordNanos;
  }
}
