package io.sluice.agent.buffer;

/**
 * One output's read position in the buffer. Not thread-safe: one output thread owns it. Reading does not commit
 * anything; the output reports what it shipped through {@link RecordBuffer#markShipped}.
 */
public interface BufferReader extends AutoCloseable {

  /** Sentinel for "nothing read yet": {@link #seekAfter} with it starts from the oldest entry kept. */
  long NO_INDEX = -1L;

  /** Positions the reader so that {@link #next()} returns the first entry after {@code index}. */
  void seekAfter(long index);

  /** The next entry, or null when there is none yet. Never blocks. */
  BufferedBatch next();

  @Override
  void close();
}
