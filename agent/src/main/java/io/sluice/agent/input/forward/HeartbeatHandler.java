package io.sluice.agent.input.forward;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers every UDP datagram on the forward port with the one byte {@code 0x00}, as Fluentd's heartbeat does. */
@Sharable
final class HeartbeatHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatHandler.class);
  /** Fluentd's {@code HEARTBEAT_UDP_PAYLOAD}. */
  private static final int REPLY = 0x00;

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ctx.writeAndFlush(new DatagramPacket(ctx.alloc().buffer(1).writeByte(REPLY), packet.sender()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A datagram socket survives a failed send (an ICMP unreachable, say); the next heartbeat is answered anyway.
    LOG.debug("Forward UDP heartbeat failed: {}", cause.toString());
  }
}
