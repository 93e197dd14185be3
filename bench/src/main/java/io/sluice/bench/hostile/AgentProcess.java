package io.sluice.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged agent run as an operator runs it, {@code bin/sluice run -c FILE}, in its own process with its
 * stdout and stderr appended to a log file; restartable with the same config, buffer and outputs.
 */
final class AgentProcess implements AutoCloseable {

  private final String name;
  private final Path dist;
  private final Path config;
  private final Path log;
  private final int adminPort;
  private final Map<String, String> environment;
  private Process process;

  AgentProcess(String name, Path dist, Path config, Path log, int adminPort, Map<String, String> environment) {
    this.name = name;
    this.dist = dist;
    this.config = config;
    this.log = log;
    this.adminPort = adminPort;
    this.environment = Map.copyOf(environment);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  int adminPort() {
    return adminPort;
  }

  /** Starts the agent and waits until {@code /healthz} answers. */
  void start(Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/sluice").toString(), "run", "-c",
        config.toString()).directory(dist.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().putAll(environment);
    process = builder.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!healthy(Duration.ofSeconds(1))) {
      if (!process.isAlive()) {
        throw new IOException("agent " + name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("agent " + name + " did not answer /healthz within " + timeout + "; see " + log);
      }
      Thread.sleep(200);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Whether the admin port answers {@code GET /healthz} with 200 within {@code timeout}, asked from the control address. */
  boolean healthy(Duration timeout) {
    return PlainHttp.get(Loopback.CONTROL, adminPort, "/healthz", timeout) == 200;
  }

  /** How the process ended, or that it is alive. */
  String exitDescription() {
    return process.isAlive() ? "alive" : "exited with " + process.exitValue();
  }

  /** Stops the agent with SIGTERM, so it seals and ships its open files, and kills it after {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      System.out.printf("agent %s did not stop within %s; killing it%n", name, grace);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The log's last lines, for a report of why the agent died. */
  String logTail(int lines) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    String[] all = Files.readString(log, StandardCharsets.UTF_8).split("\n");
    StringBuilder tail = new StringBuilder();
    for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
      tail.append(all[i].length() > 300 ? all[i].substring(0, 300) + "…" : all[i]).append('\n');
    }
    return tail.toString();
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(60));
  }
}
