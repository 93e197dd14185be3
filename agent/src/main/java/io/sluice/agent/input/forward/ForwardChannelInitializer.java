package io.sluice.agent.input.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.connection.ProgressWatch;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.forward.handshake.HandshakeHandler;
import io.sluice.agent.input.forward.handshake.HandshakePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds each forward connection's pipeline: its share of the memory budget, TLS when configured, the byte count of
 * the progress watch, frame decoder, the watch's frame count, the shared-key handshake when configured, then the
 * message handler. The watch sits around the decoder so only complete frames count as progress; the handshake sits
 * after the decoder so it sees whole frames, and passes event frames on only once the peer is authenticated (it then
 * removes itself).
 */
final class ForwardChannelInitializer extends ChannelInitializer<Channel> {

  /** The name an {@code SslHandler} takes, right after the connection's budget. */
  static final String TLS = "tls";
  /** Holds back bytes read while the connection is paused, to see the peer's close; after TLS, which reads on. */
  static final String CLOSE_WATCH = "close-watch";
  /** The progress watch's byte count, right before the frame decoder. */
  static final String ARRIVALS = "arrivals";
  /** The frame decoder. */
  static final String FRAMES = "frames";
  /** The progress watch's frame count, right after the decoder; it fires the idle events. */
  static final String PROGRESS = "progress";
  /** The name the handshake handler takes, between {@link #PROGRESS} and {@link #MESSAGES}. */
  static final String HANDSHAKE = "handshake";
  /** The message handler, last. */
  static final String MESSAGES = "messages";

  private final long maxFrameSize;
  private final ProgressRules progress;
  private final Duration handshakeTimeout;
  private final ForwardInputMetrics metrics;
  private final PeerProblemLog problems;
  private final Supplier<ChannelHandler> messageHandler;
  private final Optional<SslContext> tls;
  private final Optional<HandshakePolicy> handshake;
  private final InFlightBudget budget;

  /**
   * @param progress the idle timeout and minimum transfer rate, which only complete frames satisfy
   * @param handshakeTimeout how long after connecting the TLS handshake and the PING must be done
   * @param messageHandler makes the last handler of a pipeline, one per connection
   * @param tls the server TLS context, when the listener speaks TLS
   * @param handshake the shared-key rules, when a {@code security} section is configured
   * @param budget the in-flight bytes every input shares
   */
  ForwardChannelInitializer(long maxFrameSize, ProgressRules progress, Duration handshakeTimeout,
      ForwardInputMetrics metrics, PeerProblemLog problems, Supplier<ChannelHandler> messageHandler,
      Optional<SslContext> tls, Optional<HandshakePolicy> handshake, InFlightBudget budget) {
    this.maxFrameSize = maxFrameSize;
    this.progress = progress;
    this.handshakeTimeout = handshakeTimeout;
    this.metrics = metrics;
    this.problems = problems;
    this.messageHandler = messageHandler;
    this.tls = tls;
    this.handshake = handshake;
    this.budget = budget;
  }

  /** What the progress watch counts as a complete forward message: a frame, of exactly its size. */
  static long completedBytes(Object decoded) {
    return decoded instanceof ForwardFrame frame ? frame.bytes().length : -1;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    // First, so that it also holds back the reads TLS and the decoder ask for on their own.
    pipeline.addLast(ConnectionBudget.NAME, new ConnectionBudget(budget));
    tls.ifPresent(context -> {
      SslHandler ssl = context.newHandler(channel.alloc());
      ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
      pipeline.addLast(TLS, ssl);
    });
    pipeline.addLast(CLOSE_WATCH, new PeerCloseWatch());
    ProgressWatch watch = progress.newWatch();
    ForwardFrameDecoder frames = new ForwardFrameDecoder(maxFrameSize, handshake.isPresent(), metrics);
    pipeline
        .addLast(ARRIVALS, watch.arrivals())
        .addLast(FRAMES, frames)
        .addLast(PROGRESS, watch.completions());
    handshake.ifPresent(policy -> pipeline.addLast(HANDSHAKE,
        new HandshakeHandler(policy, handshakeTimeout, problems, frames::authenticated)));
    pipeline.addLast(MESSAGES, messageHandler.get());
  }
}
