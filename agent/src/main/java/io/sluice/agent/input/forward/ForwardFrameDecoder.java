package io.sluice.agent.input.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a forward connection's byte stream into {@link ForwardFrame}s, one per top-level msgpack value. A value
 * longer than {@code maxFrameSize}, or bytes that are not msgpack, close the connection: the stream has no other
 * framing, so where the next value starts is lost. Never more than {@code maxFrameSize} plus one read is held.
 */
public final class ForwardFrameDecoder extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardFrameDecoder.class);

  private final long maxFrameSize;
  private final ForwardInputMetrics metrics;
  private final MsgpackScanner scanner = new MsgpackScanner();
  private boolean failed;

  /**
   * @param metrics where a broken stream is counted; null counts nowhere (codec tests)
   */
  public ForwardFrameDecoder(long maxFrameSize, ForwardInputMetrics metrics) {
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      boolean complete = scanner.scan(in);
      if (scanner.knownLength() > maxFrameSize) {
        fail(ctx, in, "frame_too_large", "a message is larger than max_frame_size (" + maxFrameSize + " bytes)");
      } else if (complete) {
        byte[] bytes = new byte[scanner.scanned()];
        in.readBytes(bytes);
        scanner.reset();
        out.add(new ForwardFrame(bytes));
      }
    } catch (ForwardProtocolException e) {
      fail(ctx, in, "protocol", e.getMessage());
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, String kind, String reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    if (metrics != null) {
      metrics.connectionFailed(kind);
    }
    // The message handler logs it, summarized: 20,000 peers sending junk must not write 20,000 lines.
    LOG.debug("Closing forward connection from {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.fireUserEventTriggered(new BrokenStream(kind, reason));
    ctx.close();
  }
}
