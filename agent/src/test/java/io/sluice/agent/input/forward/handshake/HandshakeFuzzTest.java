package io.sluice.agent.input.forward.handshake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.input.forward.ForwardFrameDecoder;
import io.sluice.agent.input.forward.handshake.SpecClient.Helo;
import io.sluice.config.Secret;
import io.sluice.config.input.ForwardSecurityConfig;
import io.sluice.config.input.ForwardSecurityConfig.ForwardUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.slf4j.LoggerFactory;

/**
 * The shared-key handshake before any event: a stream of arbitrary bytes never gets a frame past it, and a PING
 * with the right key gets through exactly when its user and password are right. Nothing escapes the pipeline.
 *
 * <p>The first byte picks the shape: even, the rest is the raw stream; odd, the rest is hostname, salt, username
 * and password separated by 0x00, made into a correctly signed PING, and the last part follows it on the stream.
 */
@Tag("fuzz")
class HandshakeFuzzTest {

  private static final String KEY = "the-shared-key";
  private static final int MAX_FRAME = 16 * 1024;

  private final HandshakePolicy policy = HandshakePolicy.from(new ForwardSecurityConfig("sluice", Secret.of(KEY),
      true, true, List.of(new ForwardUser("alice", Secret.of("secret"))), List.of()));

  private final PeerProblemLog problems = new PeerProblemLog(LoggerFactory.getLogger(HandshakeFuzzTest.class),
      "Forward", Duration.ofMinutes(1));

  @FuzzTest
  void handshake(byte[] input) {
    // As the input builds it: the decoder keeps its pre-authentication limit until the handshake lifts it.
    ForwardFrameDecoder frames = new ForwardFrameDecoder(MAX_FRAME, true, null);
    EmbeddedChannel channel = new EmbeddedChannel(frames,
        new HandshakeHandler(policy, Duration.ofSeconds(10), problems, frames::authenticated));
    try {
      Helo helo = SpecClient.readHelo(outbound(channel));
      if (input.length > 0 && (input[0] & 1) == 1) {
        signedPing(channel, helo, Arrays.copyOfRange(input, 1, input.length));
      } else {
        channel.writeInbound(Unpooled.wrappedBuffer(input, Math.min(1, input.length),
            Math.max(0, input.length - 1)));
        if (channel.readInbound() != null) {
          throw new AssertionError("a frame passed the handshake without a correctly signed PING");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static void signedPing(EmbeddedChannel channel, Helo helo, byte[] fields) throws IOException {
    String[] parts = new String(fields, StandardCharsets.ISO_8859_1).split("\0", 5);
    String hostname = part(parts, 0);
    byte[] salt = part(parts, 1).getBytes(StandardCharsets.ISO_8859_1);
    String username = part(parts, 2);
    String password = part(parts, 3);
    byte[] tail = part(parts, 4).getBytes(StandardCharsets.ISO_8859_1);
    channel.writeInbound(Unpooled.wrappedBuffer(SpecClient.ping(helo, hostname, salt, KEY, username, password),
        tail));
    boolean accepted = SpecClient.readPong(outbound(channel)).ok();
    boolean rightUser = username.equals("alice") && password.equals("secret");
    if (accepted != rightUser) {
      throw new AssertionError("user " + username + " was " + (accepted ? "accepted" : "refused"));
    }
    if (!accepted && channel.readInbound() != null) {
      throw new AssertionError("a frame passed a refused handshake");
    }
  }

  private static String part(String[] parts, int index) {
    return index < parts.length ? parts[index] : "";
  }

  private static byte[] outbound(EmbeddedChannel channel) {
    ByteBuf buffer = channel.readOutbound();
    try {
      return ByteBufUtil.getBytes(buffer);
    } finally {
      buffer.release();
    }
  }
}
