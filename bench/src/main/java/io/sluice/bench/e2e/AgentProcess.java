package io.sluice.bench.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent as an operator runs it ({@code bin/sluice run -c FILE}, the shipped {@code conf/jvm.options}),
 * with the shipped default config cut down to one forward input and one local output on loopback ports.
 */
final class AgentProcess implements AutoCloseable {

  private final Process process;
  private final int forwardPort;
  private final URI admin;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AgentProcess(Process process, int forwardPort, int adminPort) {
    this.process = process;
    this.forwardPort = forwardPort;
    this.admin = URI.create("http://127.0.0.1:" + adminPort);
  }

  /** Starts the agent with its buffer and files under {@code work}, and waits until it answers ready. */
  static AgentProcess start(EndToEndOptions options, Path work) throws IOException, InterruptedException {
    int forwardPort = freePort();
    int adminPort = freePort();
    Path config = work.resolve("sluice.yaml");
    Files.writeString(config, config(options, work, forwardPort, adminPort));
    Process process = new ProcessBuilder(options.dist().resolve("bin/sluice").toString(), "run", "-c",
        config.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("agent.log").toFile())
        .start();
    AgentProcess agent = new AgentProcess(process, forwardPort, adminPort);
    agent.awaitReady(work.resolve("agent.log"));
    return agent;
  }

  static String config(EndToEndOptions options, Path work, int forwardPort, int adminPort) {
    // The shipped sluice.yaml's buffer section; its fsync policy is not the built-in default (never).
    String fsync = "interval".equals(options.fsync()) ? "interval\n  fsync_interval: 1s" : options.fsync();
    return """
        inputs:
          forward: {bind: 127.0.0.1, port: %d, heartbeat: {udp: false}}
          http: {enabled: false}
        buffer:
          directory: %s
          max_bytes: 8GiB
          fsync: %s
          roll_cycle: hourly
          disk_reserve: 256MiB
        outputs:
          - name: archive
            type: local
            match: "**"
            directory: %s
            prefix: logs
            roll: {size: 256MiB, age: %ds}
        admin: {bind: 127.0.0.1, port: %d}
        """.formatted(forwardPort, work.resolve("buffer"), fsync, work.resolve("files"),
        options.rollAge().toSeconds(), adminPort);
  }

  long pid() {
    return process.pid();
  }

  int forwardPort() {
    return forwardPort;
  }

  /** The records every local file the store confirmed holds, from the agent's own /metrics. */
  double shippedRecords() throws IOException, InterruptedException {
    return PrometheusText.sum(get("/metrics").body(), "sluice_output_shipped_records_total");
  }

  /** The bytes of those files. */
  double shippedBytes() throws IOException, InterruptedException {
    return PrometheusText.sum(get("/metrics").body(), "sluice_output_shipped_bytes_total");
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the agent exited " + process.exitValue() + "; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // The admin port is not bound yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agent was not ready within 60 s; see " + log);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(admin.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the agent as systemd would (SIGTERM: it drains and closes its files), forcibly after two minutes. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }
}
