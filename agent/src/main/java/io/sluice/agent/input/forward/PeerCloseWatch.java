package io.sluice.agent.input.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

/**
 * Lets a paused connection notice that its peer closed or reset it. With auto-read off a socket is not read, so
 * a FIN or RST behind the unread bytes goes unseen and the waiting frames would later be stored and acked into a
 * dead socket. While reading is paused this stage keeps one read pending and holds back what arrives, up to
 * {@link #HOLD_LIMIT} bytes, without passing it on: the read that finds the end of the stream closes the channel.
 * Once reading resumes, the held bytes go on first, so the stream downstream is unchanged.
 */
final class PeerCloseWatch extends ChannelDuplexHandler {

  /**
   * Bytes held back per paused connection before it stops reading; one more socket read (at most 64 KiB with
   * Netty's default allocator) may come on top. Small, as every paused connection may hold it; a sender with more
   * than this in flight behind a paused frame is noticed gone only once reading resumes, and its frames are then
   * checked once more just before they are stored.
   */
  static final int HOLD_LIMIT = 8 * 1024;

  // Touched only on the channel's event loop.
  private CompositeByteBuf held;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes)) {
      ctx.fireChannelRead(msg);
    } else if (!ctx.channel().config().isAutoRead()) {
      hold(ctx, bytes);
    } else {
      release(ctx);
      ctx.fireChannelRead(bytes);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
    if (held != null && !ctx.channel().config().isAutoRead() && held.readableBytes() < HOLD_LIMIT) {
      // Keep one read pending: it brings the next bytes, or the end of the stream.
      ctx.read();
    }
  }

  /** A read requested downstream: on resume it first delivers what was held; while paused it is a watch read. */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (ctx.channel().config().isAutoRead()) {
      if (held != null) {
        release(ctx);
        ctx.fireChannelReadComplete();
      }
      ctx.read();
    } else if (held == null || held.readableBytes() < HOLD_LIMIT) {
      ctx.read();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    discard();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    discard();
  }

  private void hold(ChannelHandlerContext ctx, ByteBuf bytes) {
    if (held == null) {
      held = ctx.alloc().compositeBuffer();
    }
    held.addComponent(true, bytes);
  }

  private void release(ChannelHandlerContext ctx) {
    if (held != null) {
      ByteBuf bytes = held;
      held = null;
      ctx.fireChannelRead(bytes);
    }
  }

  private void discard() {
    if (held != null) {
      ReferenceCountUtil.release(held);
      held = null;
    }
  }
}
