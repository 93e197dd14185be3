package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The assembled distribution's {@code bin/sluice}, run as a child process the way an operator runs it: through the
 * launcher script, {@code conf/jvm.options} and {@code lib/*}, with an environment holding no Sluice variable but
 * those given.
 */
final class Launcher {

  static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice")).toAbsolutePath();
  static final Path BIN = DIST.resolve("bin/sluice");

  /** Commands one JVM each; two cores run a few at once well. */
  private static final int PARALLEL = 3;

  private final Path scratch;
  private final Map<String, String> environment;
  private final AtomicInteger runs = new AtomicInteger();

  /**
   * @param scratch where each run's stdout and stderr are captured
   * @param environment variables added to the child's environment
   */
  Launcher(Path scratch, Map<String, String> environment) {
    this.scratch = scratch;
    this.environment = Map.copyOf(environment);
  }

  /** What a finished {@code sluice} printed. */
  record Finished(List<String> args, int exitCode, String out, String err) {

    /** The command line and its stderr, for assertion messages. */
    String describe() {
      return "sluice " + String.join(" ", args) + " (exit " + exitCode + ")\n" + err;
    }
  }

  /** A {@code sluice args...} process to start, for commands that run until stopped. */
  ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(List.of(BIN.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIST.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_"));
    builder.environment().putAll(environment);
    return builder;
  }

  /** Runs {@code sluice args...} to its end (at most a minute). */
  Finished run(String... args) {
    int run = runs.incrementAndGet();
    Path out = scratch.resolve("out-" + run + ".txt");
    Path err = scratch.resolve("err-" + run + ".txt");
    try {
      Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sluice %s finished within a minute", List.of(args))
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      return new Finished(List.of(args), process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs independent commands a few at a time.
   *
   * @param commands each command's arguments, by a name for it
   * @return each command's result, by the same name
   */
  Map<String, Finished> runAll(Map<String, List<String>> commands) throws Exception {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL,
        task -> new Thread(task, "sluice-launcher-" + threads.incrementAndGet()));
    try {
      Map<String, Future<Finished>> running = new LinkedHashMap<>();
      commands.forEach((name, args) -> running.put(name, pool.submit(() -> run(args.toArray(String[]::new)))));
      Map<String, Finished> finished = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Finished>> result : running.entrySet()) {
        finished.put(result.getKey(), result.getValue().get(3, TimeUnit.MINUTES));
      }
      return finished;
    } finally {
      pool.shutdownNow();
    }
  }
}
