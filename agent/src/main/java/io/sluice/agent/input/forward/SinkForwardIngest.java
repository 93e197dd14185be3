package io.sluice.agent.input.forward;

import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.BudgetExhaustedException;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordSink;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ForwardIngest} that appends each message to a {@link RecordSink} and acks it once that returned. */
final class SinkForwardIngest implements ForwardIngest {

  private static final Logger LOG = LoggerFactory.getLogger(SinkForwardIngest.class);

  /** {@code {"ack": }}: fixmap of one entry, then fixstr "ack"; the chunk's own bytes follow. */
  private static final byte[] ACK_PREFIX = {(byte) 0x81, (byte) 0xa3, 'a', 'c', 'k'};

  private final ForwardMessages messages;
  private final RecordSink sink;
  private final boolean ack;
  private final ForwardInputMetrics metrics;

  /**
   * @param ack whether to answer {@code chunk} options; off, senders waiting for acks time out and resend
   */
  SinkForwardIngest(ForwardMessages messages, RecordSink sink, boolean ack, ForwardInputMetrics metrics) {
    this.messages = messages;
    this.sink = sink;
    this.ack = ack;
    this.metrics = metrics;
  }

  @Override
  public Outcome handle(ForwardFrame frame, BooleanSupplier open) {
    InFlightBudget.Reservation reservation = frame.reservation();
    long received = reservation.held();
    try {
      // Parsing copies the records (or the entries) out of the frame; gzip entries add their inflated size.
      if (!reservation.tryGrowTo(received + frame.bytes().length)) {
        return new Full();
      }
      return store(frame, reservation, open);
    } finally {
      // The copies are garbage once appended or refused; the frame's own bytes go when its handler releases it.
      reservation.shrinkTo(received);
    }
  }

  private Outcome store(ForwardFrame frame, InFlightBudget.Reservation reservation, BooleanSupplier open) {
    ForwardMessage message;
    try {
      message = messages.parse(frame.bytes(), reservation);
    } catch (ForwardProtocolException e) {
      return new Rejected("protocol", e.getMessage());
    } catch (BudgetExhaustedException e) {
      return new Full();
    }
    EventBatch batch = message.batch();
    boolean acked = ack && message.chunk() != null;
    if (batch.eventCount() > 0) {
      // Last moment to skip a frame whose sender is gone. Without an ack asked for, the sender counted the frame
      // delivered once written (fluent-cat writes and closes), so it is stored even then.
      if (acked && !open.getAsBoolean()) {
        metrics.abandoned();
        return new Abandoned();
      }
      try {
        sink.append(batch);
      } catch (BufferFullException e) {
        return new Full();
      } catch (BatchTooLargeException e) {
        return new Rejected("batch_too_large", e.getMessage());
      } catch (UncheckedIOException e) {
        LOG.error("The buffer failed to store {} forward events of tag {}", batch.eventCount(), batch.tag(), e);
        return new Rejected("storage", "the buffer failed to store the events");
      }
      metrics.accepted(batch.eventCount(), recordBytes(batch));
    }
    return new Stored(acked ? ackFor(message.chunk()) : null);
  }

  private static byte[] ackFor(byte[] chunk) {
    byte[] answer = new byte[ACK_PREFIX.length + chunk.length];
    System.arraycopy(ACK_PREFIX, 0, answer, 0, ACK_PREFIX.length);
    System.arraycopy(chunk, 0, answer, ACK_PREFIX.length, chunk.length);
    return answer;
  }

  private static long recordBytes(EventBatch batch) {
    if (batch instanceof PackedEntries packed) {
      return packed.entries().length;
    }
    return ((RecordBatch) batch).records().stream().mapToLong(r -> r.body().length).sum();
  }
}
