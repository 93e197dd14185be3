package io.sluice.agent.input.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.forward.handshake.SpecClient;
import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.HeartbeatConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.slf4j.LoggerFactory;

/** Memory is bounded by configuration: gzip bombs, the shared in-flight budget and the pre-authentication limit. */
class ForwardMemoryTest {

  private static final long MIB = 1024 * 1024;
  private static final String KEY = "memory-key";

  // Refusals are logged, summarized, by the input's peer-problem log.
  private final Logger logger = (Logger) LoggerFactory.getLogger(ForwardInput.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  @Test
  void concurrentGzipBombsAreRefusedWithoutTheAppendThreadsAllocatingThem() throws Exception {
    // Entries may inflate to 4 x 16 MiB; each bomb is 1 GiB of zeros in about 1 MB.
    byte[] bomb = Frames.packed("app", GunzipTest.gigabyteOfZeros(), true,
        Map.of("compressed", "gzip", "chunk", "bomb"));
    try (RunningForwardInput running = new RunningForwardInput(config(16 * MIB, null))) {
      List<Socket> bombers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Socket socket = running.connect();
        bombers.add(socket);
        socket.getOutputStream().write(bomb);
      }
      for (Socket socket : bombers) {
        assertClosedByPeer(socket);
        socket.close();
      }
      long allocated = allocatedByThreadsNamed("sluice-forward-append");

      try (Socket control = running.connect()) {
        control.getOutputStream().write(Frames.message("app", "still here", Map.of("chunk", "c1")));
        assertThat(control.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c1"));
      }
      // Inflating into a doubling stream up to the 64 MiB limit allocated over 100 MiB a bomb.
      assertThat(allocated).isLessThan(32 * MIB);
      assertThat(running.events()).isEqualTo(1);
    }
  }

  @Test
  void peersAnnouncingLargeFramesAndTricklingDoNotHoldTheBudgetFromOthers() throws Exception {
    // The hostile suite's slow-loris: 1,000 peers announcing 1 MiB each starved every other client for 10 s.
    InFlightBudget budget = new InFlightBudget(8 * MIB);
    byte[] big = Frames.packed("app", new byte[(int) MIB], true, null);
    try (RunningForwardInput running = new RunningForwardInput(config(64 * MIB, null), budget)) {
      List<Socket> tricklers = new ArrayList<>();
      try {
        for (int i = 0; i < 32; i++) {
          Socket socket = running.connect();
          tricklers.add(socket);
          socket.getOutputStream().write(big, 0, 100);
        }
        try (Socket control = running.connect()) {
          control.setSoTimeout(5_000);
          control.getOutputStream().write(Frames.message("app", "still served", Map.of("chunk", "c1")));
          assertThat(control.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c1"));
        }
        assertThat(budget.used()).isLessThan(4 * MIB);
      } finally {
        for (Socket socket : tricklers) {
          socket.close();
        }
      }
    }
  }

  @Test
  void compressedEntriesMayInflateToAQuarterOfTheBudgetAtMost() throws Exception {
    // 4 x max_frame_size would be 256 MiB, the whole budget: one client could then make every other wait.
    InFlightBudget budget = new InFlightBudget(16 * MIB);
    byte[] fourMebibytes = Frames.entries("x".repeat(4 * (int) MIB - 64));
    byte[] fiveMebibytes = Frames.entries("x".repeat(5 * (int) MIB));
    try (RunningForwardInput running = new RunningForwardInput(config(64 * MIB, null), budget);
        Socket fits = running.connect();
        Socket tooBig = running.connect()) {
      fits.getOutputStream().write(Frames.packed("app", Frames.gzip(fourMebibytes), true,
          Map.of("compressed", "gzip", "chunk", "c1")));
      assertThat(fits.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c1"));

      tooBig.getOutputStream().write(Frames.packed("app", Frames.gzip(fiveMebibytes), true,
          Map.of("compressed", "gzip", "chunk", "c2")));
      assertClosedByPeer(tooBig);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(message -> assertThat(message).contains("inflate to more than " + 4 * MIB + " bytes"));
  }

  @Test
  void theBudgetIsBackToZeroAfterTrafficRefusedFramesAndAbruptDisconnects() throws Exception {
    InFlightBudget budget = new InFlightBudget(8 * MIB);
    try (RunningForwardInput running = new RunningForwardInput(config(4 * MIB, null), budget);
        Socket normal = running.connect()) {
      for (int i = 0; i < 10; i++) {
        normal.getOutputStream().write(Frames.packed("app", Frames.entries("x".repeat(100_000)), true,
            Map.of("chunk", "c" + i)));
        assertThat(normal.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c" + i));
      }
      try (Socket refused = running.connect()) {
        refused.getOutputStream().write(new byte[] {(byte) 0xc1});
        assertClosedByPeer(refused);
      }
      byte[] big = Frames.packed("app", new byte[3 * (int) MIB], true, null);
      try (Socket dropped = running.connect()) {
        dropped.getOutputStream().write(big, 0, big.length / 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() >= big.length / 2);
        dropped.setSoLinger(true, 0);
      }

      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
      assertThat(running.events()).isEqualTo(10);
    }
  }

  @Test
  void aConnectionIsNotReadWhileTheBudgetIsUsedUpAndResumesOnceItIsFreed() throws Exception {
    InFlightBudget budget = new InFlightBudget(MIB);
    try (RunningForwardInput running = new RunningForwardInput(config(MIB, null), budget);
        Socket first = running.connect(); Socket second = running.connect()) {
      CountDownLatch appends = running.sink.holdAppends();
      first.getOutputStream().write(Frames.message("app", "a".repeat(700_000), Map.of("chunk", "c1")));
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() >= 700_000);

      second.getOutputStream().write(Frames.message("app", "b".repeat(700_000), Map.of("chunk", "c2")));
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.waits() > 0);
      appends.countDown();

      assertThat(first.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c1"));
      assertThat(second.getInputStream().readNBytes(8)).isEqualTo(ForwardInputTest.ack("c2"));
      await().atMost(Duration.ofSeconds(5)).until(() -> budget.used() == 0);
      assertThat(running.events()).isEqualTo(2);
    }
  }

  @Test
  void aFrameLargerThanThePreAuthenticationLimitIsRefusedBeforeItIsBuffered() throws Exception {
    try (RunningForwardInput running = new RunningForwardInput(config(64 * MIB, security()));
        Socket socket = running.connect()) {
      MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(socket.getInputStream());
      unpacker.unpackValue();
      // Only the head of a 1 MiB "PING": the header announcing its size is enough to refuse it.
      MessageBufferPacker head = MessagePack.newDefaultBufferPacker();
      head.packArrayHeader(6).packString("PING").packBinaryHeader((int) MIB);
      socket.getOutputStream().write(head.toByteArray());

      assertClosedByPeer(socket);
    }
    assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(message -> assertThat(message).contains("before the handshake is larger than 65536 bytes"));
  }

  @Test
  void framesUpToMaxFrameSizePassOnceTheHandshakeSucceeded() throws Exception {
    try (RunningForwardInput running = new RunningForwardInput(config(4 * MIB, security()));
        Socket socket = running.connect()) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in);
      Helo helo = SpecClient.readHelo(SpecClient.pack(unpacker.unpackValue()));
      out.write(SpecClient.ping(helo, "web-1", KEY));
      assertThat(SpecClient.readPong(SpecClient.pack(unpacker.unpackValue())).ok()).isTrue();

      out.write(Frames.message("app", "z".repeat(2 * (int) MIB), Map.of("chunk", "big")));

      assertThat(unpacker.unpackValue().asMapValue().map().values().iterator().next().toString())
          .isEqualTo("big");
      assertThat(running.events()).isEqualTo(1);
    }
  }

  private static ForwardInputConfig config(long maxFrameSize, ForwardSecurityConfig security) {
    return new ForwardInputConfig(true, "127.0.0.1", 0, true, ByteSize.ofBytes(maxFrameSize),
        new HeartbeatConfig(false, true, Duration.ofMinutes(5)), null, security, null, null);
  }

  private static ForwardSecurityConfig security() {
    return new ForwardSecurityConfig("sluice", Secret.of(KEY), false, true, List.of(), List.of());
  }

  /** Waits until the server closes {@code socket}: a read ends the stream or the connection is reset. */
  private static void assertClosedByPeer(Socket socket) throws IOException {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // Drains anything sent before the close (a HELO, say).
      }
    } catch (SocketException reset) {
      // Closed with data unread on our side: reset, as closed as can be.
    }
  }

  private static long allocatedByThreadsNamed(String prefix) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(prefix))
        .mapToLong(thread -> threads.getThreadAllocatedBytes(thread.getId()))
        .sum();
  }

}
