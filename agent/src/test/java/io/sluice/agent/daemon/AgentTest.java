package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.AdminHttp;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

  @TempDir
  Path dir;

  private SluiceConfig config(String adminSection) throws Exception {
    String yaml = """
        agent:
          id: test-agent
          drain_timeout: 2s
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
          - name: audit
            type: local
            directory: %s
        %s
        """.formatted(dir.resolve("var/buffer"), dir.resolve("out/archive"), dir.resolve("out/audit"), adminSection);
    return new ConfigLoader(Map.of()).parse("test.yaml", yaml, dir);
  }

  private SluiceConfig configOnAnyPort() throws Exception {
    return config("admin: {bind: 127.0.0.1, port: 0}");
  }

  /** Completes when {@link Agent#awaitShutdown()} returns. */
  private static CompletableFuture<Void> shutdownOf(Agent agent) {
    return CompletableFuture.runAsync(() -> {
      try {
        agent.awaitShutdown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Test
  void startCreatesTheBufferAndEveryLocalOutputDirectory() throws Exception {
    try (Agent agent = new Agent(configOnAnyPort())) {
      agent.start();

      assertThat(dir.resolve("var/buffer")).isDirectory();
      assertThat(dir.resolve("out/archive")).isDirectory();
      assertThat(dir.resolve("out/audit")).isDirectory();
    }
  }

  @Test
  void healthzAnswersOnceStarted() throws Exception {
    try (Agent agent = new Agent(configOnAnyPort())) {
      agent.start();

      assertThat(AdminHttp.get(agent.adminPort().orElseThrow(), "/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readyzPassesWhileRunning() throws Exception {
    try (Agent agent = new Agent(configOnAnyPort())) {
      agent.start();

      assertThat(AdminHttp.get(agent.adminPort().orElseThrow(), "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsNameThisAgentAndIncludeJvmMetrics() throws Exception {
    try (Agent agent = new Agent(configOnAnyPort())) {
      agent.start();

      String body = AdminHttp.get(agent.adminPort().orElseThrow(), "/metrics").body();

      assertThat(body).contains("sluice_agent_info{agent_id=\"test-agent\"} 1").contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aDisabledAdminEndpointHasNoPort() throws Exception {
    try (Agent agent = new Agent(config("admin: {enabled: false}"))) {
      agent.start();

      assertThat(agent.adminPort()).isEmpty();
    }
  }

  @Test
  void closeStopsTheAdminEndpoint() throws Exception {
    Agent agent = new Agent(configOnAnyPort());
    agent.start();

    agent.close();

    assertThat(agent.adminPort()).isEmpty();
    await().untilAsserted(
        () -> assertThat(AdminHttp.liveThreadNames()).noneMatch(name -> name.startsWith("sluice-admin-")));
  }

  @Test
  void awaitShutdownReturnsOnceAnotherThreadCloses() throws Exception {
    Agent agent = new Agent(configOnAnyPort());
    agent.start();
    CompletableFuture<Void> waiting = shutdownOf(agent);

    agent.close();

    assertThat(waiting).succeedsWithin(5, TimeUnit.SECONDS);
  }

  @Test
  void closingTwiceIsHarmless() throws Exception {
    Agent agent = new Agent(configOnAnyPort());
    agent.start();

    agent.close();
    agent.close();

    assertThat(agent.adminPort()).isEmpty();
  }

  @Test
  void anAgentStartsOnlyOnce() throws Exception {
    try (Agent agent = new Agent(configOnAnyPort())) {
      agent.start();

      assertThatThrownBy(agent::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aBusyAdminPortFailsTheStartAndCountsAsStopped() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Agent agent = new Agent(config("admin: {bind: 127.0.0.1, port: " + taken.getLocalPort() + "}"));

      assertThatThrownBy(agent::start).isInstanceOf(IOException.class).hasMessageContaining("admin endpoint");
      assertThat(shutdownOf(agent)).succeedsWithin(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBufferPathThatIsAFileFailsTheStartNamingIt() throws Exception {
    Files.createDirectories(dir.resolve("var"));
    Files.writeString(dir.resolve("var/buffer"), "not a directory");

    try (Agent agent = new Agent(configOnAnyPort())) {
      assertThatThrownBy(agent::start)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot create the buffer directory " + dir.resolve("var/buffer"));
    }
  }
}
