package io.sluice.agent.buffer;

import java.nio.BufferUnderflowException;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import net.openhft.chronicle.bytes.Bytes;

/** One output's reader over the queue: decodes entries back into the batches that were appended. */
final class ChronicleBufferReader implements BufferReader {

  private final String output;
  private final QueueCursor cursor;
  private final Consumer<ChronicleBufferReader> onClose;
  private final LongUnaryOperator cycleStartMillis;
  private boolean closed;

  /**
   * @param cycleStartMillis the start of the roll cycle of an index, the append time of entries written before
   *     entries carried theirs: never later than the real one, and the same at every read
   */
  ChronicleBufferReader(String output, QueueCursor cursor, Consumer<ChronicleBufferReader> onClose,
      LongUnaryOperator cycleStartMillis) {
    this.output = output;
    this.cursor = cursor;
    this.onClose = onClose;
    this.cycleStartMillis = cycleStartMillis;
  }

  @Override
  public void seekAfter(long index) {
    checkOpen();
    cursor.seekAfter(index);
  }

  /**
   * {@inheritDoc}
   *
   * @throws CorruptEntryException when the next entry is not a well-formed batch; the reader stays in front of it
   */
  @Override
  public BufferedBatch next() {
    checkOpen();
    return cursor.read(this::decode);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cursor.close();
      onClose.accept(this);
    }
  }

  /** The roll cycle whose file this reader has mapped; the cleaner leaves that file alone. */
  int cycle() {
    return cursor.cycle();
  }

  String output() {
    return output;
  }

  private BufferedBatch decode(long index, Bytes<?> payload) {
    long payloadBytes = payload.readRemaining();
    try {
      BatchCodec.Decoded decoded = BatchCodec.decode(payload);
      long appendedAt = decoded.appendedAtMillis() == BatchCodec.UNKNOWN_APPEND_TIME
          ? cycleStartMillis.applyAsLong(index) : decoded.appendedAtMillis();
      return new BufferedBatch(index, decoded.batch(), QueueCursor.entryBytes(payloadBytes), appendedAt);
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      throw new CorruptEntryException(index, String.valueOf(e.getMessage()), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the buffer reader of output " + output + " is closed");
    }
  }
}
