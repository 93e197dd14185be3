package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.sluice.agent.testing.LogCapture;
import io.sluice.agent.testing.RawPeer;
import io.sluice.config.ByteSize;
import io.sluice.config.input.ConnectionLimitsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the HTTP input treats connections that are too many, too slow, or idle while looking busy. */
class HttpConnectionsTest {

  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(10);
  private static final Duration STILL_OPEN_AFTER = Duration.ofMillis(700);
  private static final byte[] HEAD = ("POST /app HTTP/1.1\r\nHost: sluice\r\nContent-Type: application/json\r\n"
      + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private static ConnectionLimitsConfig rate(long bytesPerSecond, Duration grace) {
    return new ConnectionLimitsConfig(null, null, ByteSize.ofBytes(bytesPerSecond), grace);
  }

  @Test
  void aConnectionOverTheLimitPerSourceIsClosedAtOnceWhileOtherSourcesAreServed() throws Exception {
    try (RunningInput running = RunningInput.start(config()
        .connections(new ConnectionLimitsConfig(100, 2, null, null)))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          held.add(RawPeer.connect(running.input.port(), "127.0.0.1"));
          awaitOpen(running, i + 1);
        }
        try (Socket extra = RawPeer.connect(running.input.port(), "127.0.0.1");
            Socket otherSource = RawPeer.connect(running.input.port(), "127.0.0.2")) {
          assertThat(RawPeer.closedWithin(extra, CLOSED_WITHIN)).isTrue();
          assertThat(RawPeer.closedWithin(otherSource, STILL_OPEN_AFTER)).isFalse();
        }
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aBodyDribbledInByteByByteDoesNotExtendTheKeepAliveTimeout() throws Exception {
    // The rate check is off, so only the keep-alive timeout can close it.
    try (RunningInput running = RunningInput.start(config().keepaliveTimeout(Duration.ofSeconds(1))
        .connections(rate(0, Duration.ofMinutes(10))));
        Socket socket = running.connect()) {
      socket.getOutputStream().write(HEAD);
      Thread dribbler = dribble(socket, 1, Duration.ofMillis(100));
      try {
        assertThat(RawPeer.closedWithin(socket, CLOSED_WITHIN)).isTrue();
      } finally {
        dribbler.interrupt();
      }
    }
  }

  @Test
  void aRequestArrivingBelowTheMinimumRateIsClosed() throws Exception {
    try (RunningInput running = RunningInput.start(config().keepaliveTimeout(Duration.ofMinutes(10))
        .connections(rate(4096, Duration.ofSeconds(1))));
        Socket socket = running.connect()) {
      socket.getOutputStream().write(HEAD);
      Thread dribbler = dribble(socket, 100, Duration.ofMillis(100));
      try {
        assertThat(RawPeer.closedWithin(socket, CLOSED_WITHIN)).isTrue();
      } finally {
        dribbler.interrupt();
      }
      assertThat(running.sink.batches()).isEmpty();
    }
  }

  @Test
  void aSlowButSteadyRequestLongerThanTheKeepAliveTimeoutIsServed() throws Exception {
    try (RunningInput running = RunningInput.start(config().keepaliveTimeout(Duration.ofMillis(500))
        .connections(rate(1024, Duration.ofMillis(500))));
        Socket socket = running.connect()) {
      String record = "{\"message\":\"" + "x".repeat(60_000) + "\"}";
      byte[] request = ("POST /app HTTP/1.1\r\nHost: sluice\r\nContent-Type: application/json\r\nContent-Length: "
          + record.length() + "\r\n\r\n" + record).getBytes(StandardCharsets.US_ASCII);
      OutputStream out = socket.getOutputStream();
      for (int offset = 0; offset < request.length; offset += 4096) {
        out.write(request, offset, Math.min(4096, request.length - offset));
        out.flush();
        Thread.sleep(100);
      }
      socket.setSoTimeout(10_000);
      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 200");
    }
  }

  @Test
  void clientsResettingHalfwayThroughABodyWriteAHandfulOfLinesWithoutStackTraces() throws Exception {
    try (LogCapture logs = LogCapture.of("io.sluice")) {
      try (RunningInput running = RunningInput.start(config())) {
        for (int i = 0; i < 200; i++) {
          Socket socket = running.connect();
          socket.getOutputStream().write(HEAD);
          socket.getOutputStream().write(new byte[50_000]);
          socket.setSoLinger(true, 0);
          socket.close();
        }
        await().atMost(CLOSED_WITHIN).until(() -> openConnections(running) == 0);
      }
      List<ILoggingEvent> lines = logs.atLeast(Level.INFO).stream()
          .filter(line -> !line.getFormattedMessage().startsWith("HTTP input")).toList();
      assertThat(lines).hasSizeLessThanOrEqualTo(4)
          .allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
    }
  }

  private static double openConnections(RunningInput running) {
    return running.registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals("sluice_http_connections_open"))
        .flatMap(metric -> metric.getDataPoints().stream())
        .mapToDouble(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue())
        .sum();
  }

  private static void awaitOpen(RunningInput running, int count) {
    await().atMost(CLOSED_WITHIN).until(() -> openConnections(running) == count);
  }

  /** Writes {@code bytes} bytes every {@code period} on a thread of its own until interrupted or refused. */
  private static Thread dribble(Socket socket, int bytes, Duration period) {
    Thread thread = new Thread(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        byte[] chunk = "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII);
        while (!Thread.currentThread().isInterrupted()) {
          out.write(chunk);
          out.flush();
          Thread.sleep(period.toMillis());
        }
      } catch (IOException | InterruptedException e) {
        // Closed by the input, or by the test.
      }
    }, "dribbler");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
