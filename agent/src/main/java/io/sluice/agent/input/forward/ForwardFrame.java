package io.sluice.agent.input.forward;

import io.netty.util.AbstractReferenceCounted;
import io.sluice.agent.input.InFlightBudget;

/**
 * One complete top-level msgpack value read from a forward connection: an event message, or a handshake message
 * (PING) before the connection is authenticated. The frame decoder emits these; nothing downstream sees partial
 * values.
 *
 * <p>Reference counted so that whoever drops a frame (Netty's pipeline tail included) gives its bytes back to the
 * {@link InFlightBudget}: the handler releases it once it is in the buffer, refused, or its connection is gone.
 */
public final class ForwardFrame extends AbstractReferenceCounted {

  private final byte[] bytes;
  private final InFlightBudget.Reservation reservation;

  /**
   * @param bytes exactly the bytes of one msgpack value, owned by the frame
   * @param reservation what the frame holds of the in-flight budget; released with the frame
   */
  public ForwardFrame(byte[] bytes, InFlightBudget.Reservation reservation) {
    this.bytes = bytes;
    this.reservation = reservation;
  }

  /** A frame outside any budget, for tests and tools. */
  public ForwardFrame(byte[] bytes) {
    this(bytes, InFlightBudget.unlimited().reservation());
  }

  /** The bytes of the msgpack value. */
  public byte[] bytes() {
    return bytes;
  }

  /** The frame's share of the budget; parsing grows it by its copies and inflated entries. */
  InFlightBudget.Reservation reservation() {
    return reservation;
  }

  @Override
  public ForwardFrame touch(Object hint) {
    return this;
  }

  @Override
  protected void deallocate() {
    reservation.release();
  }
}
