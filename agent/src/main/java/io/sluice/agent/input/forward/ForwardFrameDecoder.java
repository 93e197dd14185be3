package io.sluice.agent.input.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.agent.input.ConnectionBudget;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a forward connection's byte stream into {@link ForwardFrame}s, one per top-level msgpack value. A value
 * longer than {@code maxFrameSize}, or bytes that are not msgpack, close the connection: the stream has no other
 * framing, so where the next value starts is lost. Never more than {@code maxFrameSize} plus one read is held.
 *
 * <p>The bytes held count against the connection's {@link ConnectionBudget}, with room for one more read; the
 * connection is not read while the budget cannot cover that. Until the shared-key
 * handshake has succeeded (when one is required), the limit is {@link #PRE_AUTH_MAX_FRAME_SIZE}.
 */
public final class ForwardFrameDecoder extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardFrameDecoder.class);

  /**
   * The largest frame taken before the handshake has succeeded. A PING is a few hundred bytes (five short strings
   * and two SHA-512 hex digests); 64 KiB leaves room for long host and user names, and keeps what an
   * unauthenticated peer can make the agent hold to one read.
   */
  public static final int PRE_AUTH_MAX_FRAME_SIZE = 64 * 1024;

  /** How far a buffer's capacity may be off what it holds or will hold before it is resized: one socket read. */
  private static final int CAPACITY_SLACK = 64 * 1024;

  private final long maxFrameSize;
  private final ForwardInputMetrics metrics;
  private final MsgpackScanner scanner = new MsgpackScanner();
  private long limit;
  private ConnectionBudget budget;
  private boolean failed;

  /**
   * A decoder for a connection that needs no handshake.
   *
   * @param metrics where a broken stream is counted; null counts nowhere (codec tests)
   */
  public ForwardFrameDecoder(long maxFrameSize, ForwardInputMetrics metrics) {
    this(maxFrameSize, false, metrics);
  }

  /**
   * @param handshakeFirst whether frames stay under {@link #PRE_AUTH_MAX_FRAME_SIZE} until {@link #authenticated()}
   * @param metrics where a broken stream is counted; null counts nowhere (codec tests)
   */
  public ForwardFrameDecoder(long maxFrameSize, boolean handshakeFirst, ForwardInputMetrics metrics) {
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
    this.limit = handshakeFirst ? Math.min(PRE_AUTH_MAX_FRAME_SIZE, maxFrameSize) : maxFrameSize;
  }

  /** The peer passed the handshake: frames up to {@code maxFrameSize} are taken from now on. Event loop only. */
  public void authenticated() {
    limit = maxFrameSize;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    budget = ConnectionBudget.of(ctx.pipeline());
    super.handlerAdded(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      boolean complete = scanner.scan(in);
      if (scanner.knownLength() > limit) {
        if (limit < maxFrameSize) {
          fail(ctx, in, "pre_auth_frame_too_large", "a message before the handshake is larger than "
              + limit + " bytes; a PING is a few hundred");
        } else {
          fail(ctx, in, "frame_too_large", "a message is larger than max_frame_size (" + maxFrameSize + " bytes)");
        }
      } else if (complete) {
        int length = scanner.scanned();
        // Whatever was received is counted; the frame takes its share with it.
        budget.hold(in.readableBytes(), in.readableBytes());
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        scanner.reset();
        out.add(new ForwardFrame(bytes, budget.take(length)));
        fitCapacity(in, in.readableBytes());
        // Wanting one byte more than held: the next frame starts only while the budget has room.
        budget.hold(in.readableBytes(), in.readableBytes() + 1);
      } else {
        // What arrived and one more read, never the length a header announced.
        budget.receiving(in.readableBytes(), scanner.knownLength());
      }
    } catch (ForwardProtocolException e) {
      fail(ctx, in, "protocol", e.getMessage());
    }
  }

  /**
   * Drops the bytes already read from the received bytes' buffer and sets it to {@code capacity} bytes when its
   * capacity is far off, so that the direct memory a connection holds follows what the budget counts: a buffer
   * grown for a big frame is not kept for the few bytes read after it.
   */
  private static void fitCapacity(ByteBuf in, long capacity) {
    if (in.refCnt() != 1 || in.isReadOnly() || Math.abs(in.capacity() - capacity) <= CAPACITY_SLACK
        || capacity > in.maxCapacity()) {
      return;
    }
    in.discardReadBytes();
    in.capacity((int) Math.max(capacity, in.writerIndex()));
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
