package io.sluice.agent.output.spool;

import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a destination is filling, at most one per tag and time slice, since both are part of the object key.
 */
public final class OpenFiles {

  /** Orders files by slice, then by first entry: the one to seal first when too many are open. */
  private static final Comparator<SpoolFile> OLDEST_FIRST =
      Comparator.comparingLong(SpoolFile::slice).thenComparingLong(SpoolFile::firstIndex);

  private final Path directory;
  private final Compression compression;
  private final Map<FileKey, SpoolFile> byTag = new LinkedHashMap<>();

  /** What identifies an open file. */
  private record FileKey(String tag, long slice) {}

  private OpenFiles(Path directory, Compression compression) {
    this.directory = directory;
    this.compression = compression;
  }

  /**
   * Opens the spool directory, creating it if needed and deleting spool files a previous run left behind: they are
   * rebuilt from the queue, so keeping them could only serve stale bytes.
   */
  public static OpenFiles in(Path directory) throws IOException {
    return in(directory, Compression.NONE);
  }

  /** As {@link #in(Path)}, for files stored with {@code compression}. */
  public static OpenFiles in(Path directory, Compression compression) throws IOException {
    Files.createDirectories(directory);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*.jsonl")) {
      for (Path leftover : leftovers) {
        Files.delete(leftover);
      }
    }
    return new OpenFiles(directory, compression);
  }

  /** Where spool files live. */
  public Path directory() {
    return directory;
  }

  /** The open file for {@code tag} and {@code slice}, or null. */
  public SpoolFile get(String tag, long slice) {
    return byTag.get(new FileKey(tag, slice));
  }

  /** Opens a new file for {@code slice} of {@code tag} whose first entry is {@code firstIndex}. */
  public SpoolFile open(String tag, long slice, long firstIndex, Instant now) throws IOException {
    SpoolFile file = SpoolFile.create(directory, tag, slice, firstIndex, now, compression);
    byTag.put(new FileKey(tag, slice), file);
    return file;
  }

  /** Stops tracking {@code file} (sealed or discarded); its bytes stay on disk until it is deleted. */
  public void remove(SpoolFile file) {
    byTag.remove(new FileKey(file.tag(), file.slice()), file);
  }

  /** How many files are open. */
  public int size() {
    return byTag.size();
  }

  /** The file of the oldest slice (the first opened among equals), or null when none is open. */
  public SpoolFile oldest() {
    return byTag.values().stream().min(OLDEST_FIRST).orElse(null);
  }

  /** The open files, oldest first. */
  public List<SpoolFile> all() {
    return List.copyOf(byTag.values());
  }

  public boolean isEmpty() {
    return byTag.isEmpty();
  }

  /** The smallest first index of an open file, or {@link Long#MAX_VALUE} when none is open. */
  public long floor() {
    long floor = Long.MAX_VALUE;
    for (SpoolFile file : byTag.values()) {
      floor = Math.min(floor, file.firstIndex());
    }
    return floor;
  }

  /** Deletes every open file; their entries will be read again from the queue. */
  public void discardAll() {
    List<SpoolFile> files = new ArrayList<>(byTag.values());
    byTag.clear();
    UncheckedIOException failure = null;
    for (SpoolFile file : files) {
      try {
        file.delete();
      } catch (IOException e) {
        // Keep deleting the others; a leftover is removed by the next start anyway.
        failure = failure == null ? new UncheckedIOException(e) : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
