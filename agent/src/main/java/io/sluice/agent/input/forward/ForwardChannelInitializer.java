package io.sluice.agent.input.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds each forward connection's pipeline: idle timeout, frame decoder, then the message handler.
 *
 * <p>Where TLS and the handshake go: an {@code SslHandler} is added first, named {@link #TLS}; the shared-key
 * handshake handler goes right after the frame decoder, named {@link #HANDSHAKE}
 * ({@code pipeline.addAfter(FRAMES, HANDSHAKE, handler)}), so it sees whole frames and passes event frames on only
 * once the peer is authenticated. Both come from {@code input.forward.tls} and {@code input.forward.handshake}.
 */
final class ForwardChannelInitializer extends ChannelInitializer<Channel> {

  /** The name an {@code SslHandler} takes, first in the pipeline. */
  static final String TLS = "tls";
  /** The idle-timeout stage. */
  static final String IDLE = "idle";
  /** The frame decoder. */
  static final String FRAMES = "frames";
  /** The name the handshake handler takes, between {@link #FRAMES} and {@link #MESSAGES}. */
  static final String HANDSHAKE = "handshake";
  /** The message handler, last. */
  static final String MESSAGES = "messages";

  private final long maxFrameSize;
  private final Duration idleTimeout;
  private final ForwardInputMetrics metrics;
  private final Supplier<ChannelHandler> messageHandler;

  /**
   * @param messageHandler makes the last handler of a pipeline, one per connection
   */
  ForwardChannelInitializer(long maxFrameSize, Duration idleTimeout, ForwardInputMetrics metrics,
      Supplier<ChannelHandler> messageHandler) {
    this.maxFrameSize = maxFrameSize;
    this.idleTimeout = idleTimeout;
    this.metrics = metrics;
    this.messageHandler = messageHandler;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.pipeline()
        .addLast(IDLE, new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast(FRAMES, new ForwardFrameDecoder(maxFrameSize, metrics))
        .addLast(MESSAGES, messageHandler.get());
  }
}
