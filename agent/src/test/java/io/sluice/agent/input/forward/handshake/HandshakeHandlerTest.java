package io.sluice.agent.input.forward.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.input.forward.ForwardFrame;
import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardSecurityConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;
import org.slf4j.LoggerFactory;

class HandshakeHandlerTest {

  private static final String KEY = "the-shared-key";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HandshakePolicy policy = HandshakePolicy.from(
      new ForwardSecurityConfig("sluice", Secret.of(KEY), false, true, List.of(), List.of()));
  private final Logger logger = (Logger) LoggerFactory.getLogger(HandshakeHandler.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final PeerProblemLog problems = new PeerProblemLog(logger, "Forward", Duration.ofMinutes(1));

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
  void successfulHandshakeRemovesTheHandlerAndPassesLaterFramesUntouched() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    Helo helo = SpecClient.readHelo(readOutbound(channel));

    channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", KEY)));

    assertThat(SpecClient.readPong(readOutbound(channel)).ok()).isTrue();
    assertThat(channel.pipeline().get(HandshakeHandler.class)).isNull();
    assertThat(channel.isActive()).isTrue();
    assertThat(channel.<Object>readInbound()).as("the PING is consumed").isNull();
    ForwardFrame event = new ForwardFrame(SpecClient.pack(ValueFactory.newArray(ValueFactory.newString("tag"))));
    channel.writeInbound(event);
    assertThat(channel.<Object>readInbound()).isSameAs(event);
    assertThat(logs.list).allSatisfy(line -> assertThat(line.getLevel()).isEqualTo(Level.DEBUG));
  }

  @Test
  void handlerAddedToAnActiveChannelSendsOneHelo() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast(new HandshakeHandler(policy, TIMEOUT, problems));

    assertThat(SpecClient.readHelo(readOutbound(channel)).nonce()).hasSize(16);
    assertThat(channel.<Object>readOutbound()).isNull();
  }

  @Test
  void framesDecodedInTheSameReadAsThePingPassThroughAfterIt() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    Helo helo = SpecClient.readHelo(readOutbound(channel));
    ForwardFrame event = new ForwardFrame(SpecClient.pack(ValueFactory.newArray(ValueFactory.newString("tag"))));

    channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", KEY)), event);

    assertThat(channel.<Object>readInbound()).isSameAs(event);
  }

  @Test
  void wrongKeyGetsRefusingPongThenClose() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    Helo helo = SpecClient.readHelo(readOutbound(channel));

    channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", "not-the-key")));

    assertThat(SpecClient.readPong(readOutbound(channel)).ok()).isFalse();
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.<Object>readInbound()).isNull();
  }

  @Test
  void dataFrameFirstIsRefusedAndNeverPassedOn() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    readOutbound(channel);
    byte[] event = SpecClient.pack(ValueFactory.newArray(ValueFactory.newString("tag")));

    // Two frames: each is released once, as the decoder makes a new one per message.
    channel.writeInbound(new ForwardFrame(event), new ForwardFrame(event));

    assertThat(SpecClient.readPong(readOutbound(channel)).reason())
        .isEqualTo("authentication required: expected PING");
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.<Object>readInbound()).isNull();
  }

  @Test
  void connectionWithoutPingIsClosedAtTheDeadline() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    channel.freezeTime();
    readOutbound(channel);

    channel.advanceTimeBy(9, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isFalse();
    assertThat(logs.list).singleElement()
        .satisfies(line -> assertThat(line.getFormattedMessage()).contains("no complete PING within 10s"));
  }

  @Test
  void deadlineNoLongerAppliesOnceAuthenticated() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    channel.freezeTime();
    Helo helo = SpecClient.readHelo(readOutbound(channel));
    channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", KEY)));

    channel.advanceTimeBy(1, TimeUnit.MINUTES);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void refusalIsLoggedAtWarnWithThePeerAndTheReasonAndWithoutTheKey() throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
    Helo helo = SpecClient.readHelo(readOutbound(channel));

    channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", "not-the-key")));

    List<ILoggingEvent> infoAndAbove = logs.list.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
        .toList();
    assertThat(infoAndAbove).singleElement().satisfies(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage()).contains("shared_key mismatch")
          .contains(String.valueOf(channel.remoteAddress())).doesNotContain(KEY);
    });
  }

  @Test
  void refusalsOfManyConnectionsAreLoggedAsOneLineThenOneSummary() throws IOException {
    for (int i = 0; i < 100; i++) {
      EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(policy, TIMEOUT, problems));
      Helo helo = SpecClient.readHelo(readOutbound(channel));
      channel.writeInbound(new ForwardFrame(SpecClient.ping(helo, "client", "not-the-key")));
      channel.finishAndReleaseAll();
    }
    problems.close();

    assertThat(logs.list).hasSize(2).allSatisfy(line -> assertThat(line.getLevel()).isEqualTo(Level.WARN));
    assertThat(logs.list.get(1).getFormattedMessage()).contains("kind=handshake_refused", "count=99",
        "shared_key mismatch");
  }

  private static byte[] readOutbound(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }
}
