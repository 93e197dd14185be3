package io.sluice.agent.output.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The system's {@code gzip}, when it is installed: a reader that owes nothing to java.util.zip. */
public final class GzipTool {

  private GzipTool() {}

  /** Asserts that {@code gzip -t} finds {@code file} intact; does nothing where there is no gzip. */
  public static void assertIntact(Path file) throws IOException, InterruptedException {
    if (!installed()) {
      return;
    }
    Process test = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
    String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(test.exitValue()).as("gzip -t %s: %s", file, output).isZero();
  }

  private static boolean installed() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(java.io.File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "gzip"))) {
        return true;
      }
    }
    return false;
  }
}
