package io.sluice.agent.buffer;

import io.sluice.agent.input.RecordSink;

/**
 * The durable local buffer between inputs and outputs: inputs append, each output reads with its own reader and
 * reports what it has shipped, which frees disk budget and lets consumed queue files be deleted.
 */
public interface RecordBuffer extends RecordSink, AutoCloseable {

  /**
   * Opens a reader for one output. The output restores its own committed position (from its journal) with
   * {@link BufferReader#seekAfter} and reports it once with {@link #markShipped} before reading.
   */
  BufferReader openReader(String output);

  /**
   * Records that {@code output} has shipped (or skipped) every entry up to and including {@code index}. Outputs
   * must call this also for entries they skip (tags they do not match), or the budget never frees up.
   */
  void markShipped(String output, long index);

  /** Bytes held for entries not yet shipped by every output, as counted against {@code buffer.max_bytes}. */
  long unshippedBytes();

  /**
   * What {@code output} has not shipped yet (after its last {@link #markShipped} mark); cheap enough for every
   * metrics scrape.
   */
  Backlog backlog(String output);

  @Override
  void close();
}
