package io.sluice.agent.input.forward;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.agent.connection.PeerFailure;
import io.sluice.agent.connection.PeerProblemLog;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's end of the pipeline: hands each frame to the {@link ForwardIngest} on the append pool (it may
 * block on the buffer) and writes acks on the event loop, in frame order. While the buffer is full the connection
 * is not read and its waiting frame is retried; the connection itself stays open, unless the peer closes it: then
 * its waiting frames are dropped unstored, as their acks could no longer reach the sender.
 */
final class ForwardMessageHandler extends ChannelInboundHandlerAdapter implements SinkAvailability.Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardMessageHandler.class);

  /** Frames a connection may have waiting before it is no longer read; bounds its memory to that many frames. */
  static final int MAX_WAITING_FRAMES = 4;
  /**
   * How soon a frame the buffer refused is tried again without news from the availability listener: an append
   * can fail as full although {@code isAccepting()} still said true, and then no change will be announced.
   */
  static final Duration FULL_RETRY = Duration.ofSeconds(1);

  private final ForwardIngest ingest;
  private final ExecutorService appenders;
  private final SinkAvailability availability;
  private final ForwardInputMetrics metrics;
  private final PeerProblemLog problems;

  // Touched only on the channel's event loop.
  private ChannelHandlerContext ctx;
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
  private int waiting;
  private boolean failed;

  /** Completed when the buffer announces room; replaced for each wait. */
  private volatile CompletableFuture<Void> room = new CompletableFuture<>();

  ForwardMessageHandler(ForwardIngest ingest, ExecutorService appenders, SinkAvailability availability,
      ForwardInputMetrics metrics, PeerProblemLog problems) {
    this.ingest = ingest;
    this.appenders = appenders;
    this.availability = availability;
    this.metrics = metrics;
    this.problems = problems;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    availability.subscribe(this);
    updateAutoRead();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    availability.unsubscribe(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ForwardFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (failed) {
      // The connection is closing for an earlier frame; later ones would never be acked.
      frame.release();
      return;
    }
    waiting++;
    updateAutoRead();
    previous = previous
        .thenCompose(done -> attempt(frame))
        // Stored, refused or its connection gone: its bytes leave the in-flight budget.
        .whenComplete((outcome, failure) -> frame.release())
        .thenAcceptAsync(this::finish, this::onEventLoop)
        .exceptionally(failure -> {
          if (!(failure instanceof CancellationException || failure.getCause() instanceof CancellationException)) {
            LOG.warn("Handling a forward message from {} failed", ctx.channel().remoteAddress(), failure);
          }
          ctx.close();
          return null;
        });
  }

  /** Runs on the event loop: after the previous frame finished, or when the buffer has room again. */
  private CompletableFuture<ForwardIngest.Outcome> attempt(ForwardFrame frame) {
    if (failed || !ctx.channel().isActive()) {
      // Nothing can be acked on a closed connection; the sender resends what it did not get an ack for.
      return CompletableFuture.failedFuture(new CancellationException("connection closed"));
    }
    CompletableFuture<ForwardIngest.Outcome> outcome;
    try {
      outcome = CompletableFuture.supplyAsync(() -> ingest.handle(frame, ctx.channel()::isActive), appenders);
    } catch (RejectedExecutionException e) {
      if (appenders.isShutdown()) {
        return CompletableFuture.failedFuture(new CancellationException("the forward input is closing"));
      }
      // Every append thread is busy and the queue is full: like a full buffer, try again shortly.
      outcome = CompletableFuture.completedFuture(new ForwardIngest.Full());
    }
    return outcome.thenComposeAsync(result -> result instanceof ForwardIngest.Full
        ? awaitRoom().thenCompose(ready -> attempt(frame))
        : CompletableFuture.completedFuture(result), this::onEventLoop);
  }

  private void onEventLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The event loop is shutting down and takes its connections with it; nobody is left to answer.
      LOG.debug("Dropping a forward answer: the event loop has stopped");
    }
  }

  /** Completes when the buffer announces room, or after {@link #FULL_RETRY}, whichever comes first. */
  private CompletableFuture<Void> awaitRoom() {
    pause();
    CompletableFuture<Void> wait = new CompletableFuture<>();
    room = wait;
    try {
      ctx.executor().schedule(() -> wait.complete(null), FULL_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new CancellationException("the forward input is closing"));
    }
    return wait;
  }

  private void finish(ForwardIngest.Outcome outcome) {
    waiting--;
    if (failed) {
      return;
    }
    if (outcome instanceof ForwardIngest.Stored stored) {
      if (stored.ack() != null) {
        metrics.acked();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(stored.ack()));
      }
      updateAutoRead();
    } else if (outcome instanceof ForwardIngest.Abandoned) {
      LOG.debug("Dropped a frame from {}: the connection closed before it was stored", ctx.channel().remoteAddress());
    } else if (outcome instanceof ForwardIngest.Rejected rejected) {
      failed = true;
      ctx.channel().config().setAutoRead(false);
      metrics.connectionFailed(rejected.kind());
      if (rejected.kind().equals("storage")) {
        // The agent's failure, not the peer's: every occurrence matters.
        LOG.warn("Closing forward connection from {}: {}", ctx.channel().remoteAddress(), rejected.reason());
      } else {
        problems.warn(rejected.kind(), ctx.channel().remoteAddress(), rejected.reason());
      }
      ctx.close();
    }
  }

  @Override
  public void availabilityChanged(boolean accepting) {
    if (accepting) {
      room.complete(null);
    }
    onEventLoop(this::updateAutoRead);
  }

  /** Reads while the buffer accepts and few frames wait; otherwise TCP backpressure holds the sender. */
  private void updateAutoRead() {
    boolean read = !failed && waiting < MAX_WAITING_FRAMES && availability.accepting();
    if (ctx.channel().config().isAutoRead() != read) {
      if (read) {
        ctx.channel().config().setAutoRead(true);
      } else {
        pause();
      }
    }
  }

  /**
   * Stops reading frames, but asks for one read: {@link PeerCloseWatch} holds back what it brings, so a peer that
   * closes or resets the connection meanwhile is noticed and its waiting frames are not stored.
   */
  private void pause() {
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // A connection paused for a full buffer is quiet because of us, not the sender: it stays open.
    // The idle event comes only after the idle timeout without a complete frame: bytes dribbling in do not count.
    if (event instanceof IdleStateEvent && waiting == 0 && ctx.channel().config().isAutoRead()) {
      LOG.debug("Closing idle forward connection from {}", ctx.channel().remoteAddress());
      ctx.close();
    } else if (event instanceof BrokenStream broken) {
      problems.warn(broken.kind(), ctx.channel().remoteAddress(), broken.reason());
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!PeerFailure.report(cause, ctx.channel().remoteAddress(), problems)) {
      LOG.warn("Forward connection from {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
