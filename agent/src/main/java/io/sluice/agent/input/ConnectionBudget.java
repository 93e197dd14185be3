package io.sluice.agent.input;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's share of the {@link InFlightBudget}, first in its pipeline: counts the bytes its decoder holds
 * and stops the connection's reading while the budget cannot cover what the decoder is about to receive. Reading
 * resumes when another holder gives bytes back and this one's reservation then fits.
 *
 * <p>A pause turns auto-read off and also swallows explicit {@code read()} calls, which decoders and the TLS
 * handler issue on their own when they hold a partial message; other handlers may turn auto-read on meanwhile, the
 * socket stays unread until the budget allows it. Used on the connection's event loop only.
 */
public final class ConnectionBudget extends ChannelDuplexHandler {

  /** The name this handler takes in a pipeline. */
  public static final String NAME = "budget";
  /** What one socket read may add to a message: the most a connection is let hold beyond what it sent. */
  private static final long ONE_READ = 64 * 1024;

  private final InFlightBudget budget;
  private final InFlightBudget.Reservation reservation;
  private ChannelHandlerContext ctx;
  private long wanted;
  private boolean inProgress;
  private boolean paused;
  private boolean readRequested;
  private boolean turnedAutoReadOff;
  private boolean closed;

  public ConnectionBudget(InFlightBudget budget) {
    this.budget = budget;
    this.reservation = budget.reservation();
  }

  /** The connection's budget handler in {@code pipeline}, or one on an unlimited budget when it has none. */
  public static ConnectionBudget of(ChannelPipeline pipeline) {
    ConnectionBudget found = pipeline.get(ConnectionBudget.class);
    return found != null ? found : new ConnectionBudget(InFlightBudget.unlimited());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // The channel is gone: what its decoders held is garbage now.
    closed = true;
    reservation.release();
  }

  /**
   * Counts {@code have} bytes the connection's decoder holds now (they are in memory whatever the budget says), and
   * pauses reading unless the budget covers {@code want} bytes, the most the decoder knows it will hold before it
   * can pass a message on. With nothing held, nothing is reserved: reading starts once the budget has room for
   * {@code want} bytes. Gives back what the reservation holds beyond both.
   *
   * @return whether reading goes on
   */
  public boolean hold(long have, long want) {
    if (closed) {
      return false;
    }
    long target = Math.max(have, want);
    reservation.growTo(have);
    if (reservation.held() > (have > 0 ? target : 0)) {
      reservation.shrinkTo(have > 0 ? target : 0);
    }
    if (target <= have) {
      // Only counting what arrived: whether to read on is decided when more is wanted.
      return true;
    }
    wanted = target;
    inProgress = have > 0;
    if (grow()) {
      resume();
      return true;
    }
    pause();
    return false;
  }

  /**
   * {@link #hold} for a message still arriving: wants one more read of it, never the length its header announced,
   * since announcing is free and peers announcing large messages and trickling would hold the budget for nothing.
   *
   * @param announced the length the message's header announced, or less than {@code have} when none did
   * @return whether reading goes on
   */
  public boolean receiving(long have, long announced) {
    return hold(have, Math.max(have + 1, Math.min(announced, have + ONE_READ)));
  }

  /** Gives back everything the connection holds (a body dropped unread) and reads on if the budget paused it. */
  public void drop() {
    reservation.release();
    resume();
  }

  /**
   * Moves {@code bytes} of what the connection holds to a reservation of their own: a frame or body that leaves
   * the decoder and is released once it is in the buffer or refused.
   */
  public InFlightBudget.Reservation take(long bytes) {
    return reservation.split(bytes);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (paused) {
      readRequested = true;
    } else {
      ctx.read();
    }
  }

  private void pause() {
    if (!paused) {
      paused = true;
      budget.countWait();
      turnedAutoReadOff = ctx.channel().config().isAutoRead();
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    if (turnedAutoReadOff && !ctx.channel().config().isAutoRead()) {
      // Turning it on reads; another handler that wants the connection paused turns it off again on its next event.
      ctx.channel().config().setAutoRead(true);
    } else if (readRequested) {
      ctx.read();
    }
    readRequested = false;
    turnedAutoReadOff = false;
  }

  /** Runs on whichever thread gave bytes back. */
  private void wake() {
    try {
      ctx.executor().execute(this::retry);
    } catch (RejectedExecutionException e) {
      // The event loop is stopping and closes this connection with it.
    }
  }

  private void retry() {
    if (closed || !paused) {
      return;
    }
    if (grow()) {
      resume();
    }
  }

  /** A message in progress reserves what it needs, and may take the overdraft; the next one waits for room. */
  private boolean grow() {
    return inProgress ? reservation.tryGrowTo(wanted, this::wake) : budget.hasRoom(wanted, this::wake);
  }
}
