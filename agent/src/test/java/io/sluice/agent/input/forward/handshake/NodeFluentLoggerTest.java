package io.sluice.agent.input.forward.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.config.Secret;
import io.sluice.config.input.ForwardSecurityConfig;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handshake against {@code @fluent-org/logger} 1.0.10, a client written by others from the same spec. */
class NodeFluentLoggerTest {

  private static final String KEY = "node-shared-key";
  private static final int COUNT = 25;

  private final HandshakePolicy policy = HandshakePolicy.from(
      new ForwardSecurityConfig("sluice-server", Secret.of(KEY), false, true, List.of(), List.of()));

  @BeforeAll
  static void installClient() throws IOException {
    assumeTrue(NodeFluentLogger.available(), "node and npm are needed for this interop test");
    NodeFluentLogger.install();
  }

  @Test
  void clientWithTheRightKeyHandshakesAndGetsEveryRecordAcked() throws Exception {
    try (TestForwardServer server = new TestForwardServer(policy)) {
      NodeFluentLogger.Run run = send(server, KEY);

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout()).contains("\"sent\":" + COUNT);
      assertThat(server.records()).isEqualTo(COUNT);
    }
  }

  @Test
  void clientWithAWrongKeyIsRefusedAndDeliversNothing() throws Exception {
    try (TestForwardServer server = new TestForwardServer(policy)) {
      NodeFluentLogger.Run run = send(server, "not-the-key");

      assertThat(run.exitCode()).as(run.stdout()).isNotZero();
      assertThat(run.stderr()).contains("shared_key mismatch");
      assertThat(server.records()).isZero();
    }
  }

  private static NodeFluentLogger.Run send(TestForwardServer server, String key) throws IOException {
    return NodeFluentLogger.send("--port", String.valueOf(server.port()), "--shared-key", key,
        "--client-hostname", "node-client", "--count", String.valueOf(COUNT), "--mode", "Message",
        "--ack-timeout", "10000");
  }
}
