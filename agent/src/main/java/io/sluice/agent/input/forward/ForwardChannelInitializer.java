package io.sluice.agent.input.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.agent.input.forward.handshake.HandshakeHandler;
import io.sluice.agent.input.forward.handshake.HandshakePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds each forward connection's pipeline: TLS when configured, idle timeout, frame decoder, the shared-key
 * handshake when configured, then the message handler. The handshake sits after the decoder so it sees whole
 * frames, and passes event frames on only once the peer is authenticated (it then removes itself).
 */
final class ForwardChannelInitializer extends ChannelInitializer<Channel> {

  /** The name an {@code SslHandler} takes, first in the pipeline. */
  static final String TLS = "tls";
  /** Holds back bytes read while the connection is paused, to see the peer's close; after TLS, which reads on. */
  static final String CLOSE_WATCH = "close-watch";
  /** The idle-timeout stage. */
  static final String IDLE = "idle";
  /** The frame decoder. */
  static final String FRAMES = "frames";
  /** The name the handshake handler takes, between {@link #FRAMES} and {@link #MESSAGES}. */
  static final String HANDSHAKE = "handshake";
  /** The message handler, last. */
  static final String MESSAGES = "messages";
  /** How long a client has to send its PING before the connection is closed. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final long maxFrameSize;
  private final Duration idleTimeout;
  private final ForwardInputMetrics metrics;
  private final Supplier<ChannelHandler> messageHandler;
  private final Optional<SslContext> tls;
  private final Optional<HandshakePolicy> handshake;

  /**
   * @param messageHandler makes the last handler of a pipeline, one per connection
   * @param tls the server TLS context, when the listener speaks TLS
   * @param handshake the shared-key rules, when a {@code security} section is configured
   */
  ForwardChannelInitializer(long maxFrameSize, Duration idleTimeout, ForwardInputMetrics metrics,
      Supplier<ChannelHandler> messageHandler, Optional<SslContext> tls, Optional<HandshakePolicy> handshake) {
    this.maxFrameSize = maxFrameSize;
    this.idleTimeout = idleTimeout;
    this.metrics = metrics;
    this.messageHandler = messageHandler;
    this.tls = tls;
    this.handshake = handshake;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    tls.ifPresent(context -> pipeline.addLast(TLS, context.newHandler(channel.alloc())));
    pipeline.addLast(CLOSE_WATCH, new PeerCloseWatch());
    pipeline
        .addLast(IDLE, new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast(FRAMES, new ForwardFrameDecoder(maxFrameSize, metrics));
    handshake.ifPresent(policy -> pipeline.addLast(HANDSHAKE, new HandshakeHandler(policy, HANDSHAKE_TIMEOUT)));
    pipeline.addLast(MESSAGES, messageHandler.get());
  }
}
