package io.sluice.agent.input.forward.handshake;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.agent.input.forward.ForwardFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shared-key handshake on one forward connection, right after the frame decoder: sends HELO, checks the
 * PING, answers PONG, then leaves the pipeline so later frames pass straight on (or closes on failure).
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

  private final Handshake handshake;
  private boolean heloSent;
  private boolean answered;

  /** One handler per connection; the policy is the listener's, shared. */
  public HandshakeHandler(HandshakePolicy policy) {
    this.handshake = policy.newHandshake();
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

  private void sendHelo(ChannelHandlerContext ctx) {
    if (!heloSent) {
      heloSent = true;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.helo()));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered) {
      // Frames decoded in the same read as a refused PING: the connection is closing, nothing may pass.
      return;
    }
    answered = true;
    SocketAddress remote = ctx.channel().remoteAddress();
    byte[] frame = msg instanceof ForwardFrame forwardFrame ? forwardFrame.bytes() : new byte[0];
    Outcome outcome = handshake.verify(frame, addressOf(remote));
    ctx.writeAndFlush(Unpooled.wrappedBuffer(outcome.pong()));
    if (outcome.accepted()) {
      // DEBUG only: Fluentd's transport heartbeat completes a handshake every second.
      LOG.debug("Forward handshake from {} succeeded", remote);
      ctx.pipeline().remove(this);
    } else {
      LOG.info("Forward handshake from {} refused: {}", remote, outcome.reason());
      ctx.close();
    }
  }

  private static InetAddress addressOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
