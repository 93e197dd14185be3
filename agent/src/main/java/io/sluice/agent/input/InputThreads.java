package io.sluice.agent.input;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an input's threads in the order that loses no answer: the append pool finishes what it holds (each append
 * then queues its ack or response on the event loop), and only then do the event loops close the connections.
 */
public final class InputThreads {

  private static final Logger LOG = LoggerFactory.getLogger(InputThreads.class);

  private InputThreads() {}

  /**
   * Drains {@code appenders}, interrupting appends still running at {@code deadlineNanos}, then shuts
   * {@code eventLoops} down within what is left; returns once both have stopped. The caller has already closed
   * its listening channels, so no new work arrives.
   *
   * @param input the input's name, for the log line when appends had to be interrupted
   * @param timeout the whole drain timeout, for that log line
   */
  public static void drain(String input, ExecutorService appenders, EventLoopGroup eventLoops, long deadlineNanos,
      Duration timeout) {
    appenders.shutdown();
    try {
      if (!appenders.awaitTermination(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS)) {
        LOG.warn("{} input still appending after {} ms; interrupting the appends", input, timeout.toMillis());
        appenders.shutdownNow();
      }
    } catch (InterruptedException e) {
      appenders.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Quiet period 0: the answers the appenders just queued run before the loops close their connections.
    eventLoops.shutdownGracefully(0, Math.max(1, remainingNanos(deadlineNanos)), TimeUnit.NANOSECONDS)
        .awaitUninterruptibly();
  }

  private static long remainingNanos(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }
}
