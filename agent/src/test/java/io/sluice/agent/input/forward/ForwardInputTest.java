package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ForwardInputTest {

  @Test
  void acksOnlyOnceTheAppendReturned() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      CountDownLatch held = running.sink.holdAppends();
      socket.getOutputStream().write(Frames.packed("app", Frames.entries("a", "b"), false,
          Map.of("chunk", "c1", "size", 2)));

      InputStream in = socket.getInputStream();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> in.available() == 0);
      assertThat(running.sink.batches()).isEmpty();
      held.countDown();

      assertThat(in.readNBytes(8)).isEqualTo(ack("c1"));
      assertThat(running.sink.batches()).hasSize(1);
    }
  }

  @Test
  void acksSeveralMessagesOfOneWriteInOrder() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      socket.getOutputStream().write(Frames.concat(
          Frames.message("app", "one", Map.of("chunk", "c1")),
          Frames.forward("app", Map.of("chunk", "c2"), "two", "three"),
          Frames.packed("app", Frames.entries("four"), true, Map.of("chunk", "c3"))));

      assertThat(socket.getInputStream().readNBytes(24)).isEqualTo(Frames.concat(ack("c1"), ack("c2"), ack("c3")));
      assertThat(running.sink.batches()).extracting(batch -> batch.eventCount()).containsExactly(1, 2, 1);
    }
  }

  @Test
  void aFullBufferStopsReadingAndWithholdsAcksUntilItHasRoom() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      running.sink.accepting(false);
      socket.getOutputStream().write(Frames.message("app", "one", Map.of("chunk", "c1")));

      InputStream in = socket.getInputStream();
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> in.available() == 0);
      assertThat(running.sink.batches()).isEmpty();
      running.sink.accepting(true);

      assertThat(in.readNBytes(8)).isEqualTo(ack("c1"));
      assertThat(running.sink.batches()).hasSize(1);
      // The connection was held, not dropped: it still takes messages.
      socket.getOutputStream().write(Frames.message("app", "two", Map.of("chunk", "c2")));
      assertThat(in.readNBytes(8)).isEqualTo(ack("c2"));
    }
  }

  @Test
  void aFullBufferStopsReadingTheSocket() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      running.sink.accepting(false);
      // Far more than the socket buffers hold: the writer blocks once the input stops reading.
      byte[] frame = Frames.message("app", "x".repeat(60_000), null);
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 1000; i++) {
            socket.getOutputStream().write(frame);
          }
        } catch (Exception e) {
          // The socket closes when the test ends.
        }
      }, "forward-test-writer");
      writer.start();
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(writer::isAlive);
      assertThat(running.sink.batches()).isEmpty();

      running.sink.accepting(true);
      writer.join(Duration.ofSeconds(20).toMillis());
      assertThat(writer.isAlive()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> running.sink.batches().size() == 1000);
    }
  }

  @Test
  void aMalformedMessageClosesOnlyItsConnection() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start();
        Socket bad = running.connect(); Socket good = running.connect()) {
      bad.getOutputStream().write(Frames.forward("app", Map.of("size", 5, "chunk", "c1"), "one"));
      assertThat(bad.getInputStream().read()).isEqualTo(-1);

      good.getOutputStream().write(Frames.message("app", "fine", Map.of("chunk", "c2")));
      assertThat(good.getInputStream().readNBytes(8)).isEqualTo(ack("c2"));
      assertThat(running.sink.batches()).hasSize(1);
      assertThat(errors(running, "protocol")).isEqualTo(1.0);
    }
  }

  @Test
  void aFrameOverTheLimitClosesTheConnection() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(1024, Duration.ofMinutes(5));
        Socket socket = running.connect()) {
      socket.getOutputStream().write(Frames.message("app", "x".repeat(2000), Map.of("chunk", "c1")));
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(running.sink.batches()).isEmpty();
      assertThat(errors(running, "frame_too_large")).isEqualTo(1.0);
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(1024 * 1024, Duration.ofMillis(200));
        Socket socket = running.connect()) {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void answersUdpHeartbeatsOnTheSamePort() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); DatagramSocket udp = new DatagramSocket()) {
      udp.setSoTimeout(5000);
      InetAddress loopback = InetAddress.getLoopbackAddress();
      udp.send(new DatagramPacket(new byte[] {0x42}, 1, loopback, running.input.port()));

      DatagramPacket reply = new DatagramPacket(new byte[16], 16);
      udp.receive(reply);
      assertThat(reply.getLength()).isEqualTo(1);
      assertThat(reply.getData()[0]).isZero();
    }
  }

  @Test
  void closeStopsEveryThreadItStarted() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      socket.getOutputStream().write(Frames.message("app", "one", Map.of("chunk", "c1")));
      assertThat(socket.getInputStream().readNBytes(8)).isEqualTo(ack("c1"));
      running.input.close(Duration.ofSeconds(5));

      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      // A pool reports termination just before its last thread has exited.
      await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
          .map(Thread::getName).noneMatch(name -> name.startsWith("sluice-forward-")));
    }
  }

  @Test
  void countsAcceptedEventsAndAcks() throws Exception {
    try (RunningForwardInput running = RunningForwardInput.start(); Socket socket = running.connect()) {
      socket.getOutputStream().write(Frames.forward("app", Map.of("chunk", "c1"), "one", "two"));
      assertThat(socket.getInputStream().readNBytes(8)).isEqualTo(ack("c1"));

      assertThat(counter(running, "sluice_forward_events_accepted")).isEqualTo(2.0);
      assertThat(counter(running, "sluice_forward_acks")).isEqualTo(1.0);
    }
  }

  /** {@code {"ack": chunk}} for a chunk of fewer than 32 ASCII bytes. */
  static byte[] ack(String chunk) {
    return Frames.pack(packer -> packer.packMapHeader(1).packString("ack").packString(chunk));
  }

  private static double counter(RunningForwardInput running, String name) {
    return running.registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals(name))
        .flatMap(metric -> ((CounterSnapshot) metric).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  private static double errors(RunningForwardInput running, String kind) {
    return running.registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals("sluice_forward_connection_errors"))
        .flatMap(metric -> ((CounterSnapshot) metric).getDataPoints().stream())
        .filter(point -> kind.equals(point.getLabels().get("kind")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }
}
