package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @TempDir
  Path dir;

  private final ExecutorService commandThread =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "sluice-run-under-test"));

  @AfterEach
  void stopCommandThread() {
    commandThread.shutdownNow();
  }

  private Path config(int adminPort) throws Exception {
    return Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          drain_timeout: 2s
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
        admin:
          bind: 127.0.0.1
          port: %d
        """.formatted(dir.resolve("buffer"), dir.resolve("archive"), adminPort));
  }

  private static int healthz(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
        .timeout(Duration.ofSeconds(5))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void runsTheAgentUntilStoppedThenExitsZero() throws Exception {
    Path file = config(0);
    StopLatch stop = new StopLatch();
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
        () -> CliRun.of(Map.of(), stop, "run", "-c", file.toString()), commandThread);

    Daemon agent = await().until(stop::running, Optional::isPresent).orElseThrow();
    assertThat(healthz(agent.adminPort().orElseThrow())).isEqualTo(200);
    assertThat(dir.resolve("buffer")).isDirectory();
    stop.pull();

    assertThat(run).succeedsWithin(10, TimeUnit.SECONDS).satisfies(result -> {
      assertThat(result.exitCode()).isZero();
      assertThat(result.err()).isEmpty();
    });
    assertThat(agent.adminPort()).isEmpty();
  }

  @Test
  void anInvalidConfigExitsTwoWithoutStarting() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "outputs: []\n");

    CliRun run = CliRun.of("run", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(file + ":1:10: outputs: at least one output is required"
        + " (or, for a standalone loader, at least one loader.loads entry)");
  }

  @Test
  void aFailureToStartExitsOneWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("run", "-c", config(taken.getLocalPort()).toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errLines()).singleElement().asString()
          .startsWith("sluice: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for the admin endpoint");
    }
  }

  @Test
  void verbosePrintsTheStackTraceOfAFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("run", "--verbose", "-c", config(taken.getLocalPort()).toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("java.io.IOException: cannot listen on", "\tat io.sluice.agent.admin.AdminServer");
    }
  }
}
