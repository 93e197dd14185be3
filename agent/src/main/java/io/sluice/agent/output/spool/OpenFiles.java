package io.sluice.agent.output.spool;

import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files a destination is filling, at most one per tag, since the tag is part of the object key. */
public final class OpenFiles {

  private final Path directory;
  private final Compression compression;
  private final Map<String, SpoolFile> byTag = new LinkedHashMap<>();

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

  /** The open file for {@code tag}, or null. */
  public SpoolFile get(String tag) {
    return byTag.get(tag);
  }

  /** Opens a new file for {@code tag} whose first entry is {@code firstIndex}. */
  public SpoolFile open(String tag, long firstIndex, Instant now) throws IOException {
    SpoolFile file = SpoolFile.create(directory, tag, firstIndex, now, compression);
    byTag.put(tag, file);
    return file;
  }

  /** Stops tracking {@code file} (sealed or discarded); its bytes stay on disk until it is deleted. */
  public void remove(SpoolFile file) {
    byTag.remove(file.tag(), file);
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
