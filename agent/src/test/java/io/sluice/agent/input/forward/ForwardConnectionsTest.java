package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.sluice.agent.testing.LogCapture;
import io.sluice.agent.testing.RawPeer;
import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.input.ConnectionLimitsConfig;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.HeartbeatConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How the forward input treats connections that are too many, too slow, or idle while looking busy. */
class ForwardConnectionsTest {

  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(10);
  private static final Duration STILL_OPEN_AFTER = Duration.ofMillis(700);

  private static RunningForwardInput start(Duration idleTimeout, ConnectionLimitsConfig limits) {
    return new RunningForwardInput(new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofMebibytes(1),
        new HeartbeatConfig(false, true, idleTimeout), null, null, limits, null));
  }

  private static ConnectionLimitsConfig limits(int max, int maxPerSource) {
    return new ConnectionLimitsConfig(max, maxPerSource, null, null);
  }

  private static ConnectionLimitsConfig rate(long bytesPerSecond, Duration grace) {
    return new ConnectionLimitsConfig(null, null, ByteSize.ofBytes(bytesPerSecond), grace);
  }

  /** The start of a frame that needs 64 KiB more: a message whose text is a str16 of 65,535 bytes. */
  private static final byte[] FRAME_START = {(byte) 0x93, (byte) 0xa3, 'a', 'p', 'p', 0x00, (byte) 0x81,
      (byte) 0xa1, 'm', (byte) 0xda, (byte) 0xff, (byte) 0xff};

  @Test
  void aConnectionOverTheLimitPerSourceIsClosedAtOnceWhileOtherSourcesAreServed() throws Exception {
    try (RunningForwardInput running = start(Duration.ofMinutes(5), limits(100, 3))) {
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(RawPeer.connect(running.input.port(), "127.0.0.1"));
        awaitOpen(running, i + 1);
      }
      try (Socket extra = RawPeer.connect(running.input.port(), "127.0.0.1");
          Socket otherSource = RawPeer.connect(running.input.port(), "127.0.0.2")) {
        assertThat(RawPeer.closedWithin(extra, CLOSED_WITHIN)).isTrue();
        assertThat(RawPeer.closedWithin(otherSource, STILL_OPEN_AFTER)).isFalse();
        assertThat(RawPeer.closedWithin(held.get(0), STILL_OPEN_AFTER)).isFalse();
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
      assertThat(running.registry.scrape().stream()
          .filter(metric -> metric.getMetadata().getName().equals("sluice_forward_connections_refused")))
          .singleElement().satisfies(metric -> assertThat(metric.getDataPoints().stream()
              .map(CounterSnapshot.CounterDataPointSnapshot.class::cast).filter(point -> point.getValue() > 0))
              .singleElement()
              .satisfies(point -> assertThat(point.getLabels().get("reason")).isEqualTo("max_per_source")));
    }
  }

  @Test
  void aConnectionOverTheListenersLimitIsClosedAtOnceAndASlotFreesWhenOneCloses() throws Exception {
    try (RunningForwardInput running = start(Duration.ofMinutes(5), limits(2, 100));
        Socket first = RawPeer.connect(running.input.port(), "127.0.0.2");
        Socket second = RawPeer.connect(running.input.port(), "127.0.0.3")) {
      awaitOpen(running, 2);
      try (Socket third = RawPeer.connect(running.input.port(), "127.0.0.4")) {
        assertThat(RawPeer.closedWithin(third, CLOSED_WITHIN)).isTrue();
      }
      first.close();
      await().atMost(CLOSED_WITHIN).untilAsserted(() -> {
        try (Socket again = RawPeer.connect(running.input.port(), "127.0.0.4")) {
          assertThat(RawPeer.closedWithin(again, STILL_OPEN_AFTER)).isFalse();
        }
      });
    }
  }

  @Test
  void aClientDribblingOneByteAtATimeIsClosedAfterTheIdleTimeout() throws Exception {
    // The rate check is off, so only the idle timeout can close it: a byte must not count as activity.
    try (RunningForwardInput running = start(Duration.ofSeconds(1), rate(0, Duration.ofMinutes(10)));
        Socket socket = running.connect()) {
      socket.getOutputStream().write(FRAME_START);
      Thread dribbler = dribble(socket, 1, Duration.ofMillis(100));
      try {
        assertThat(RawPeer.closedWithin(socket, CLOSED_WITHIN)).isTrue();
      } finally {
        dribbler.interrupt();
      }
    }
  }

  @Test
  void bytesOfAnUnfinishedPingDoNotExtendTheHandshakeDeadline() throws Exception {
    ForwardInputConfig config = new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofMebibytes(1),
        new HeartbeatConfig(false, true, Duration.ofMinutes(10)), null,
        new ForwardSecurityConfig("sluice", Secret.of("key"), false, true, List.of(), List.of()),
        rate(0, Duration.ofMinutes(10)), Duration.ofSeconds(1));
    try (RunningForwardInput running = new RunningForwardInput(config); Socket socket = running.connect()) {
      // A PING is an array of six; this one never gets past its first string.
      socket.getOutputStream().write(FRAME_START);
      Thread dribbler = dribble(socket, 1, Duration.ofMillis(100));
      try {
        assertThat(RawPeer.closedWithin(socket, Duration.ofSeconds(5))).isTrue();
      } finally {
        dribbler.interrupt();
      }
    }
  }

  @Test
  void aLargeFrameArrivingBelowTheMinimumRateIsClosed() throws Exception {
    try (RunningForwardInput running = start(Duration.ofMinutes(10), rate(4096, Duration.ofSeconds(1)));
        Socket socket = running.connect()) {
      socket.getOutputStream().write(FRAME_START);
      // About 1 KiB/s, a quarter of the minimum, and never idle for long.
      Thread dribbler = dribble(socket, 100, Duration.ofMillis(100));
      try {
        assertThat(RawPeer.closedWithin(socket, CLOSED_WITHIN)).isTrue();
      } finally {
        dribbler.interrupt();
      }
      assertThat(running.events()).isZero();
    }
  }

  @Test
  void aSlowButSteadySenderOfALargeFrameIsServed() throws Exception {
    // 64 KiB at about 40 KiB/s against a minimum of 1 KiB/s, over more than the grace period and the idle timeout.
    try (RunningForwardInput running = start(Duration.ofMillis(500), rate(1024, Duration.ofMillis(500)));
        Socket socket = running.connect()) {
      byte[] frame = Frames.message("app", "x".repeat(64 * 1024), Map.of("chunk", "c1"));
      OutputStream out = socket.getOutputStream();
      for (int offset = 0; offset < frame.length; offset += 4096) {
        out.write(Arrays.copyOfRange(frame, offset, Math.min(frame.length, offset + 4096)));
        out.flush();
        Thread.sleep(100);
      }
      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).as("the ack's first byte").isNotEqualTo(-1);
      assertThat(running.events()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionPausedForAFullBufferOutlastsTheIdleTimeout() throws Exception {
    try (RunningForwardInput running = start(Duration.ofMillis(300), rate(1024, Duration.ofMillis(300)));
        Socket socket = running.connect()) {
      running.sink.accepting(false);
      socket.getOutputStream().write(Frames.message("app", "one", Map.of("chunk", "c1")));

      assertThat(RawPeer.closedWithin(socket, Duration.ofMillis(1500))).isFalse();
      running.sink.accepting(true);

      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).as("the ack's first byte").isNotEqualTo(-1);
    }
  }

  @Test
  void aThousandConnectionsSendingJunkWriteAHandfulOfLogLines() throws Exception {
    try (LogCapture logs = LogCapture.of("io.sluice")) {
      try (RunningForwardInput running = start(Duration.ofMinutes(5), null)) {
        for (int i = 0; i < 1000; i++) {
          try (Socket socket = running.connect()) {
            socket.getOutputStream().write(0xc1);
            assertThat(RawPeer.closedWithin(socket, CLOSED_WITHIN)).isTrue();
          }
        }
      }
      List<ILoggingEvent> lines = logs.atLeast(Level.WARN);
      assertThat(lines).hasSizeLessThanOrEqualTo(3).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
      assertThat(lines).last().satisfies(line -> assertThat(line.getFormattedMessage())
          .contains("kind=protocol", "count=999", "127.0.0.1=999"));
    }
  }

  /** Waits until the input counts {@code count} open connections: accepted ones are set up on several threads. */
  private static void awaitOpen(RunningForwardInput running, int count) {
    await().atMost(CLOSED_WITHIN).until(() -> running.registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals("sluice_forward_connections_open"))
        .flatMap(metric -> metric.getDataPoints().stream())
        .anyMatch(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue() == count));
  }

  /** Writes {@code bytes} zero bytes every {@code period} on a thread of its own until interrupted or refused. */
  private static Thread dribble(Socket socket, int bytes, Duration period) {
    AtomicBoolean stop = new AtomicBoolean();
    Thread thread = new Thread(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        while (!stop.get()) {
          out.write(new byte[bytes]);
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
