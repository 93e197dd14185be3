package io.sluice.agent.buffer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, so the buffer can meet a really full filesystem. Mounting needs root (as on
 * CI); elsewhere the test is skipped, saying why.
 */
final class TmpfsMount implements AutoCloseable {

  private final Path directory;

  private TmpfsMount(Path directory) {
    this.directory = directory;
  }

  /** Mounts a tmpfs of {@code mebibytes} on {@code directory}, or skips the calling test when it cannot. */
  static TmpfsMount mountOrSkip(Path directory, int mebibytes) throws IOException {
    Files.createDirectories(directory);
    int exit = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", directory.toString()));
    assumeTrue(exit == 0, "cannot mount a tmpfs on " + directory + " (mount exited " + exit
        + "; it needs root): skipping the full-filesystem test");
    return new TmpfsMount(directory);
  }

  Path directory() {
    return directory;
  }

  /** Fills the filesystem to the last byte with the file {@code name}; returns it. */
  Path fillWithBallast(String name) throws IOException {
    Path ballast = directory.resolve(name);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      // No space left: the filesystem is full, which is the point.
    }
    try (OutputStream out = Files.newOutputStream(ballast, StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException e) {
      // The last partial chunk is in too.
    }
    return ballast;
  }

  /** Unmounts, lazily when something still holds a mapping of a file in it (Chronicle releases them late). */
  @Override
  public void close() {
    if (run(List.of("umount", directory.toString())) != 0) {
      run(List.of("umount", "-l", directory.toString()));
    }
  }

  /** Runs {@code command}; returns its exit status, or -1 when it could not run or did not finish. */
  private static int run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
