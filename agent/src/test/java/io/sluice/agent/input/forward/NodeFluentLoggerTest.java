package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.agent.input.tls.SelfSignedPem;
import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.HeartbeatConfig;
import io.sluice.config.input.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forward input against {@code @fluent-org/logger} 1.0.10, a third-party client written from the same spec:
 * the shared-key handshake, acks, TLS and all four event modes.
 */
class NodeFluentLoggerTest {

  private static final String KEY = "node-shared-key";
  private static final int COUNT = 25;
  private static final ForwardSecurityConfig SECURITY =
      new ForwardSecurityConfig("sluice-server", Secret.of(KEY), false, true, List.of(), List.of());

  @BeforeAll
  static void installClient() throws IOException {
    assumeTrue(NodeFluentLogger.available(), "node and npm are needed for this interop test");
    NodeFluentLogger.install();
  }

  private static RunningForwardInput input(TlsConfig tls) {
    return new RunningForwardInput(new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofMebibytes(8),
        new HeartbeatConfig(false, true, Duration.ofMinutes(1)), tls, SECURITY, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Message", "Forward", "PackedForward", "CompressedPackedForward"})
  void clientWithTheRightKeyGetsEveryRecordStoredAndAcked(String mode) throws Exception {
    try (RunningForwardInput running = input(null)) {
      NodeFluentLogger.Run run = send(running, KEY, mode);

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout()).contains("\"sent\":" + COUNT);
      assertThat(running.events()).isEqualTo(COUNT);
    }
  }

  @Test
  void clientWithAWrongKeyIsRefusedAndDeliversNothing() throws Exception {
    try (RunningForwardInput running = input(null)) {
      NodeFluentLogger.Run run = send(running, "not-the-key", "PackedForward");

      assertThat(run.exitCode()).as(run.stdout()).isNotZero();
      assertThat(run.stderr()).contains("shared_key mismatch");
      assertThat(running.events()).isZero();
    }
  }

  @Test
  void clientOverTlsGetsEveryRecordStoredAndAcked(@TempDir Path dir) throws Exception {
    SelfSignedPem certificate = SelfSignedPem.create(dir, "server");
    TlsConfig tls = new TlsConfig(true, certificate.certFile(), certificate.keyFile(), null,
        TlsConfig.ClientAuth.NONE);
    try (RunningForwardInput running = input(tls)) {
      NodeFluentLogger.Run run = send(running, KEY, "PackedForward", "--ca",
          certificate.certFile().toAbsolutePath().toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(running.events()).isEqualTo(COUNT);
    }
  }

  private static NodeFluentLogger.Run send(RunningForwardInput running, String key, String mode, String... more)
      throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--port", String.valueOf(running.input.port()),
        "--shared-key", key, "--client-hostname", "node-client", "--count", String.valueOf(COUNT), "--mode", mode,
        "--ack-timeout", "10000"));
    arguments.addAll(List.of(more));
    return NodeFluentLogger.send(arguments.toArray(String[]::new));
  }
}
