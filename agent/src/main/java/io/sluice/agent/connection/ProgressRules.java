package io.sluice.agent.connection;

import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;

/**
 * What a listener asks of its connections' progress, shared by all of them; {@link #newWatch} makes each one's
 * {@link ProgressWatch}.
 *
 * @param idleTimeout how long a connection may go without completing a message (and, with no message in
 *     progress, without receiving a byte that starts one) before an idle event is fired to its handlers
 * @param minBytesPerSecond the average rate a message in progress must keep once {@code grace} has passed; 0
 *     turns the check off, and then {@code idleTimeout} alone bounds a message
 * @param grace how long a message may take before its rate is checked
 * @param ends tells which decoded message completes one and how many received bytes it took
 * @param metrics where slow transfers are counted
 * @param problems where slow transfers are logged
 */
public record ProgressRules(Duration idleTimeout, long minBytesPerSecond, Duration grace, MessageEnds ends,
    ConnectionMetrics metrics, PeerProblemLog problems) {

  /** Recognizes the end of a message among what a decoder passes on. */
  @FunctionalInterface
  public interface MessageEnds {
    /** Said of a message that ends one but does not tell its size: every byte received so far belonged to it. */
    long ALL_RECEIVED = Long.MAX_VALUE;

    /**
     * HTTP requests: the last part of one out of the codec ends it, whatever its size and whether or not a later
     * handler keeps its body.
     */
    MessageEnds HTTP_REQUESTS = decoded -> decoded instanceof LastHttpContent ? ALL_RECEIVED : -1;

    /**
     * How many received bytes the message completes, {@link #ALL_RECEIVED} when unknown, or -1 when it does not
     * end a message (a part of one, say).
     */
    long completedBytes(Object decoded);
  }

  /** A watch for one new connection. */
  public ProgressWatch newWatch() {
    return new ProgressWatch(this);
  }

  boolean checksRate() {
    return minBytesPerSecond > 0;
  }
}
