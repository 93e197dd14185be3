package io.sluice.agent.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How much of a file this process has mapped and changed without the change having reached the disk yet, as the
 * Linux kernel reports it in {@code /proc/self/smaps}. A page stops counting as dirty only once it was written back,
 * which fsync forces; so this observes a real flush, not a call.
 */
final class DirtyPages {

  private static final Path SMAPS = Path.of("/proc/self/smaps");
  private static final Pattern MAPPING = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ .*");

  private DirtyPages() {}

  static boolean observable() {
    return Files.isReadable(SMAPS);
  }

  /** Kibibytes of {@code file} mapped by this process that are dirty (shared or private). */
  static long kibibytes(Path file) {
    String name = file.toAbsolutePath().toString();
    long dirty = 0;
    boolean inMapping = false;
    try {
      for (String line : Files.readAllLines(SMAPS)) {
        if (MAPPING.matcher(line).matches()) {
          inMapping = line.endsWith(" " + name);
        } else if (inMapping && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
          dirty += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirty;
  }
}
