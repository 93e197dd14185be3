package io.sluice.agent.input.forward;

import java.util.function.BooleanSupplier;

/**
 * What a forward connection does with each frame: parse it, store it, and say what to answer. Kept apart from
 * Netty so the append-then-ack rule is tested without a socket.
 */
interface ForwardIngest {

  /**
   * Handles one complete event frame; may block on the buffer, so never call it on an event loop.
   *
   * @param open whether the sender can still get the answer; asked just before storing a frame that wants an ack
   */
  Outcome handle(ForwardFrame frame, BooleanSupplier open);

  /** Handles a frame whose connection is taken to stay open. */
  default Outcome handle(ForwardFrame frame) {
    return handle(frame, () -> true);
  }

  /** How a frame ended. */
  sealed interface Outcome {}

  /**
   * The events are durable.
   *
   * @param ack the bytes to send back ({@code {"ack": chunk}}), or null when none was asked for
   */
  record Stored(byte[] ack) implements Outcome {}

  /**
   * The connection closed before the frame, which asked for an ack, was stored: nothing was stored, since the
   * sender resends what it got no ack for and a stored copy would be a duplicate.
   */
  record Abandoned() implements Outcome {}

  /**
   * The buffer is full, or the in-flight memory budget cannot cover parsing the frame now: nothing was stored; the
   * same frame is tried again shortly.
   */
  record Full() implements Outcome {}

  /**
   * The frame can never be stored; the connection must close.
   *
   * @param kind a metric label: protocol, batch_too_large or storage
   * @param reason why, without any record content
   */
  record Rejected(String kind, String reason) implements Outcome {}
}
