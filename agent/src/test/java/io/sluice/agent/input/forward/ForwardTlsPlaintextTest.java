package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.buffer.ByteBufUtil;
import io.sluice.agent.input.tls.SelfSignedPem;
import io.sluice.agent.testing.LogCapture;
import io.sluice.agent.testing.RawPeer;
import io.sluice.config.ByteSize;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.HeartbeatConfig;
import io.sluice.config.input.TlsConfig;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** A sender speaking plain TCP to a TLS forward port: its records must not end up in Sluice's own log. */
class ForwardTlsPlaintextTest {

  private static final String RECORD = "2026-12-07T10:00:00Z user=alice password=hunter2 card=4111111111111111\n";

  @TempDir
  Path dir;

  @Test
  void plaintextOnATlsPortIsRefusedWithoutLoggingWhatItSent() throws Exception {
    SelfSignedPem server = SelfSignedPem.create(dir, "server");
    ForwardInputConfig config = new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofMebibytes(1),
        new HeartbeatConfig(false, true, Duration.ofMinutes(1)),
        new TlsConfig(true, server.certFile(), server.keyFile(), null, TlsConfig.ClientAuth.NONE), null, null, null);
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME)) {
      try (RunningForwardInput running = new RunningForwardInput(config)) {
        for (int i = 0; i < 20; i++) {
          try (Socket socket = RawPeer.connect(running.input.port(), null)) {
            socket.getOutputStream().write(RECORD.repeat(10).getBytes(StandardCharsets.US_ASCII));
            assertThat(RawPeer.closedWithin(socket, Duration.ofSeconds(10))).isTrue();
          }
        }
      }
      List<ILoggingEvent> lines = logs.atLeast(Level.DEBUG);
      String hex = ByteBufUtil.hexDump("password".getBytes(StandardCharsets.US_ASCII));
      assertThat(lines).isNotEmpty().allSatisfy(line -> {
        assertThat(line.getFormattedMessage()).doesNotContain("hunter2", "password", hex);
        assertThat(line.getThrowableProxy()).isNull();
      });
      assertThat(lines).anySatisfy(line -> assertThat(line.getFormattedMessage()).contains("not a TLS record"));
    }
  }
}
