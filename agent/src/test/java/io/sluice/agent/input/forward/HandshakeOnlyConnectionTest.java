package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.agent.input.forward.handshake.SpecClient;
import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.HeartbeatConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.slf4j.LoggerFactory;

/**
 * Fluentd's transport heartbeat with {@code <security>} opens a connection every second, completes the handshake
 * and closes without sending data; such connections must cost nothing and log nothing above DEBUG.
 */
class HandshakeOnlyConnectionTest {

  private static final String KEY = "heartbeat-key";

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(logs);
  }

  @Test
  void handshakeOnlyConnectionsStoreNothingAndLogNothingAboveDebug() throws Exception {
    ForwardInputConfig config = new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofMebibytes(1),
        new HeartbeatConfig(false, true, Duration.ofMinutes(1)), null,
        new ForwardSecurityConfig("sluice", Secret.of(KEY), false, true, List.of(), List.of()), null, null);
    try (RunningForwardInput running = new RunningForwardInput(config)) {
      for (int heartbeat = 0; heartbeat < 20; heartbeat++) {
        try (Socket socket = running.connect()) {
          handshake(socket);
        }
      }
      assertThat(running.sink.batches()).isEmpty();
    }
    // Closing the input waited for its event loops, so every connection's close has been handled and logged.

    assertThat(logs.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
        .filteredOn(event -> event.getLoggerName().startsWith("io.sluice.agent.input.forward"))
        .filteredOn(event -> !event.getFormattedMessage().startsWith("Forward input"))
        .isEmpty();
  }

  private static void handshake(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in);
    Helo helo = SpecClient.readHelo(SpecClient.pack(unpacker.unpackValue()));
    out.write(SpecClient.ping(helo, "web-1", KEY));
    out.flush();
    assertThat(SpecClient.readPong(SpecClient.pack(unpacker.unpackValue())).ok()).isTrue();
  }
}
