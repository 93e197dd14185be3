package io.sluice.agent.input.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm package {@code @fluent-org/logger} (pinned in src/test/node), installed by {@code npm ci} into
 * target/node and run through src/test/node/send.js: a third-party forward client for interop tests.
 */
final class NodeFluentLogger {

  /** How one run of send.js ended. */
  record Run(int exitCode, String stdout, String stderr) {}

  private static final Path SOURCES = Path.of("src/test/node");
  private static final Path HOME = Path.of("target/node");

  private NodeFluentLogger() {}

  /** Whether node and npm are on this machine at all. */
  static boolean available() {
    try {
      return run(List.of("node", "--version"), Path.of("."), 30).exitCode() == 0
          && run(List.of("npm", "--version"), Path.of("."), 30).exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Installs the locked packages once per build; a later call finds node_modules and does nothing. */
  static void install() throws IOException {
    Files.createDirectories(HOME);
    for (String file : List.of("package.json", "package-lock.json", "send.js")) {
      Files.copy(SOURCES.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(HOME.resolve("node_modules/@fluent-org/logger"))) {
      return;
    }
    Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), HOME, 300);
    if (install.exitCode() != 0) {
      throw new IOException("npm ci failed in " + HOME + ": " + install.stderr());
    }
  }

  /** Runs send.js with {@code --name value} arguments against a local forward server. */
  static Run send(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("node", "send.js"));
    command.addAll(List.of(arguments));
    return run(command, HOME, 60);
  }

  private static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException {
    Path out = Files.createTempFile("node-out", ".txt");
    Path err = Files.createTempFile("node-err", ".txt");
    try {
      // Output to files, not pipes: a child blocked on a full pipe would never exit.
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish within " + timeoutSeconds + " s");
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
