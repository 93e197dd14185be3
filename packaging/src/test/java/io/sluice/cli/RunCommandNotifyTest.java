package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** {@code sluice run} tells the service manager named by {@code NOTIFY_SOCKET} when it is ready and when it stops. */
class RunCommandNotifyTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final ExecutorService commandThread =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "sluice-run-under-test"));

  @AfterEach
  void stopCommandThread() {
    commandThread.shutdownNow();
  }

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("sluice.yaml"), """
        agent: {drain_timeout: 2s}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
          forward: {enabled: false}
        buffer: {directory: %s}
        outputs:
          - {name: archive, type: local, directory: %s}
        admin: {enabled: false}
        """.formatted(dir.resolve("buffer"), dir.resolve("archive")));
  }

  @Test
  void readyOnceStartedThenStoppingWhenStopped() throws Exception {
    Path file = config();
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      StopLatch stop = new StopLatch();
      CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
          Map.of("NOTIFY_SOCKET", systemd.name()), stop, "run", "-c", file.toString()), commandThread);

      await().until(stop::running, Optional::isPresent);
      assertThat(systemd.next(WAIT)).startsWith("READY=1\nSTATUS=running agent_id=");
      stop.pull();

      assertThat(systemd.next(WAIT)).startsWith("STOPPING=1\n");
      assertThat(run).succeedsWithin(10, TimeUnit.SECONDS)
          .satisfies(result -> assertThat(result.exitCode()).isZero());
    }
  }

  @Test
  void withoutNotifySocketItRunsAsBefore() throws Exception {
    Path file = config();
    StopLatch stop = new StopLatch();
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
        () -> CliRun.of(Map.of(), stop, "run", "-c", file.toString()), commandThread);

    await().until(stop::running, Optional::isPresent);
    stop.pull();

    assertThat(run).succeedsWithin(10, TimeUnit.SECONDS).satisfies(result -> {
      assertThat(result.exitCode()).isZero();
      assertThat(result.err()).isEmpty();
    });
  }
}
