package io.sluice.agent.output.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The steps that make a file replacement survive a power loss: fsync the file, rename it, fsync the directory. */
public final class DurableFiles {

  private DurableFiles() {}

  /** Forces a file's content to disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Renames a complete, fsync'ed temp file over {@code target} in one step, then fsyncs the directory so the rename
   * itself is durable. Readers see the old file or the new one, never a part.
   */
  public static void replace(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Forces a directory's entries (creations, renames) to disk. */
  public static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
