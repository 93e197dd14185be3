package io.sluice.agent.input.forward.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.SslContext;
import io.sluice.agent.input.forward.tls.ForwardTls;
import io.sluice.agent.input.forward.tls.SelfSignedPem;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void clientOverTlsHandshakesAndGetsEveryRecordAcked(@TempDir Path dir) throws Exception {
    SelfSignedPem certificate = SelfSignedPem.create(dir, "server");
    SslContext tls = ForwardTls.serverContext(
        new TlsConfig(true, certificate.certFile(), certificate.keyFile(), null, TlsConfig.ClientAuth.NONE));
    try (TestForwardServer server = new TestForwardServer(policy, tls)) {
      NodeFluentLogger.Run run = send(server, KEY, "--ca", certificate.certFile().toAbsolutePath().toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(server.records()).isEqualTo(COUNT);
    }
  }

  private static NodeFluentLogger.Run send(TestForwardServer server, String key, String... more) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--port", String.valueOf(server.port()), "--shared-key", key,
        "--client-hostname", "node-client", "--count", String.valueOf(COUNT), "--mode", "Message",
        "--ack-timeout", "10000"));
    arguments.addAll(List.of(more));
    return NodeFluentLogger.send(arguments.toArray(String[]::new));
  }
}
