package io.sluice.agent.input.forward.handshake;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.input.forward.ForwardFrame;
import io.sluice.config.Durations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shared-key handshake on one forward connection, right after the frame decoder: sends HELO, checks the
 * PING, answers PONG, then leaves the pipeline so later frames pass straight on (or closes on failure, or when no
 * PING arrives in time). Refusals are logged at WARN with the peer and the reason, summarized per interval so a
 * flood of bad PINGs writes a line a minute.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

  private final Handshake handshake;
  private final Duration timeout;
  private final PeerProblemLog problems;
  private final Runnable onAuthenticated;
  private boolean heloSent;
  private boolean answered;
  private ScheduledFuture<?> deadline;

  /**
   * One handler per connection; the policy is the listener's, shared.
   *
   * @param timeout how long a client may take to send its PING; an unauthenticated connection must not hold a
   *     socket for ever; it runs from the connection's start, and bytes of an unfinished PING do not extend it
   * @param problems where refusals are logged
   */
  public HandshakeHandler(HandshakePolicy policy, Duration timeout, PeerProblemLog problems) {
    this(policy, timeout, problems, () -> { });
  }

  /**
   * @param onAuthenticated run on the event loop once the PING is accepted, before any later frame is decoded
   *     (the frame decoder lifts its pre-authentication limit)
   */
  public HandshakeHandler(HandshakePolicy policy, Duration timeout, PeerProblemLog problems,
      Runnable onAuthenticated) {
    this.handshake = policy.newHandshake();
    this.timeout = timeout;
    this.problems = problems;
    this.onAuthenticated = onAuthenticated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // Added to a pipeline whose channel is already active, channelActive would never reach this handler.
    if (ctx.channel().isActive()) {
      sendHelo(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    sendHelo(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelDeadline();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered) {
      // Frames decoded in the same read as a refused PING: the connection is closing, nothing may pass.
      ReferenceCountUtil.release(msg);
      return;
    }
    answered = true;
    cancelDeadline();
    SocketAddress remote = ctx.channel().remoteAddress();
    byte[] frame = msg instanceof ForwardFrame forwardFrame ? forwardFrame.bytes() : new byte[0];
    // Only ForwardFrames are expected here; anything else is refused like a malformed PING, and not leaked.
    ReferenceCountUtil.release(msg);
    Outcome outcome = handshake.verify(frame, addressOf(remote));
    ctx.writeAndFlush(Unpooled.wrappedBuffer(outcome.pong()));
    if (outcome.accepted()) {
      // DEBUG only: Fluentd's transport heartbeat completes a handshake every second.
      LOG.debug("Forward handshake from {} succeeded", remote);
      onAuthenticated.run();
      ctx.pipeline().remove(this);
    } else {
      problems.warn("handshake_refused", remote, outcome.reason());
      ctx.close();
    }
  }

  private void sendHelo(ChannelHandlerContext ctx) {
    if (!heloSent) {
      heloSent = true;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.helo()));
      deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    if (!answered) {
      answered = true;
      problems.warn("handshake_timeout", ctx.channel().remoteAddress(), "no complete PING within " + Durations.format(timeout));
      ctx.close();
    }
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  private static InetAddress addressOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
