package io.sluice.agent.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one connection's progress message by message, where bytes alone would lie: a peer sending one byte
 * every few seconds is busy by the byte count, yet never finishes anything. Two handlers feed it:
 * {@link #arrivals()} before the decoder counts bytes received, {@link #completions()} after it sees complete
 * messages (and the answers written back). On a timer it
 * <ul>
 *   <li>closes the connection when a message in progress averages less than the minimum rate once the grace
 *       period has passed (slow-loris), and
 *   <li>fires an {@link IdleStateEvent} to the handlers after {@code completions()} when no message was
 *       completed, nor answered, for the idle timeout, unless a message is in progress under the rate check.
 *       The handlers decide whether to close (a connection with work in flight stays).
 * </ul>
 * Time while the channel is not read (the agent paused it, for a full buffer say) counts towards neither.
 */
public final class ProgressWatch {

  /** The timer's period at most; shorter when the timeouts are, so they are kept to within a quarter. */
  static final Duration MAX_TICK = Duration.ofSeconds(1);
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ProgressRules rules;
  private final long idleNanos;
  private final long graceNanos;

  // Touched only on the channel's event loop.
  private ChannelHandlerContext completionsCtx;
  private ScheduledFuture<?> ticker;
  private long lastTick;
  /** When the connection last completed or answered a message, or stopped being paused. */
  private long quietSince;
  /** Bytes received and not yet part of a complete message. */
  private long pending;
  /** Bytes of the message in progress received since it started, and the reading time it has taken. */
  private long messageBytes;
  private long messageNanos;

  ProgressWatch(ProgressRules rules) {
    this.rules = rules;
    this.idleNanos = rules.idleTimeout().toNanos();
    this.graceNanos = rules.grace().toNanos();
  }

  /** The handler to put before the decoder (after TLS, so it counts what the decoder gets). */
  public ChannelHandler arrivals() {
    return new Arrivals();
  }

  /** The handler to put right after the decoder. */
  public ChannelHandler completions() {
    return new Completions();
  }

  private void start(ChannelHandlerContext ctx) {
    if (ticker != null) {
      return;
    }
    long now = System.nanoTime();
    lastTick = now;
    quietSince = now;
    long tick = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK.toNanos(),
        Math.min(idleNanos, rules.checksRate() ? graceNanos : Long.MAX_VALUE) / 4));
    ticker = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), tick, tick, TimeUnit.NANOSECONDS);
  }

  private void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
  }

  private void received(long bytes) {
    if (pending == 0) {
      startMessage();
    }
    pending += bytes;
    messageBytes += bytes;
  }

  private void completed(long bytes) {
    quietSince = System.nanoTime();
    pending = bytes >= pending ? 0 : pending - bytes;
    if (pending > 0) {
      // The rest of the read already belongs to the next message, which starts now.
      startMessage();
      messageBytes = pending;
    }
  }

  private void startMessage() {
    messageBytes = 0;
    // Counted from now, not from the last tick.
    messageNanos = lastTick - System.nanoTime();
  }

  private void tick(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    long elapsed = now - lastTick;
    lastTick = now;
    if (!ctx.channel().isActive()) {
      stop();
      return;
    }
    if (!ctx.channel().config().isAutoRead()) {
      // Paused by the agent: the peer cannot make progress, so it is neither idle nor slow.
      quietSince = now;
      return;
    }
    if (pending > 0 && rules.checksRate()) {
      messageNanos += elapsed;
      if (messageNanos >= graceNanos
          && messageBytes < (double) rules.minBytesPerSecond() * messageNanos / TimeUnit.SECONDS.toNanos(1)) {
        closeSlow(ctx);
      }
      return;
    }
    if (now - quietSince >= idleNanos && completionsCtx != null) {
      quietSince = now;
      completionsCtx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }
  }

  private void closeSlow(ChannelHandlerContext ctx) {
    stop();
    rules.metrics().slowTransfer();
    rules.problems().warn("slow_transfer", ctx.channel().remoteAddress(), String.format(Locale.ROOT,
        "%d bytes of a message in %.1fs, below the minimum transfer rate of %d bytes/s", messageBytes,
        messageNanos / 1e9, rules.minBytesPerSecond()));
    ctx.close();
  }

  /** Counts bytes on their way to the decoder. */
  private final class Arrivals extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      start(ctx);
      ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
        start(ctx);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stop();
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        received(buf.readableBytes());
      } else if (msg instanceof ByteBufHolder holder) {
        received(holder.content().readableBytes());
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Sees complete messages coming from the decoder and answers going back. */
  private final class Completions extends ChannelDuplexHandler {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      completionsCtx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      long bytes = rules.ends().completedBytes(msg);
      if (bytes >= 0) {
        completed(bytes);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      quietSince = System.nanoTime();
      ctx.write(msg, promise);
    }
  }
}
