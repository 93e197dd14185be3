package io.sluice.agent.buffer;

import java.time.Instant;

/**
 * What one output has not shipped yet: the entries after its shipped mark.
 *
 * @param bytes bytes of those entries, as counted against {@code buffer.max_bytes}
 * @param records records (events) in those entries
 * @param oldestAppended when the oldest of them was appended, at worst its queue cycle's start after a restart;
 *     null when there is none
 */
public record Backlog(long bytes, long records, Instant oldestAppended) {

  /** Nothing waiting. */
  public static final Backlog EMPTY = new Backlog(0, 0, null);
}
