package io.sluice.agent.input.forward;

import io.netty.buffer.Unpooled;
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
  private static final byte[] REPLY = {0};

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(REPLY), packet.sender()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A datagram socket survives a failed send (an ICMP unreachable, say); the next heartbeat is answered anyway.
    LOG.debug("Forward UDP heartbeat failed: {}", cause.toString());
  }
}
