package io.sluice.agent.input.forward;

/**
 * What a forward connection does with each frame: parse it, store it, and say what to answer. Kept apart from
 * Netty so the append-then-ack rule is tested without a socket.
 */
interface ForwardIngest {

  /** Handles one complete event frame; may block on the buffer, so never call it on an event loop. */
  Outcome handle(ForwardFrame frame);

  /** How a frame ended. */
  sealed interface Outcome {}

  /**
   * The events are durable.
   *
   * @param ack the bytes to send back ({@code {"ack": chunk}}), or null when none was asked for
   */
  record Stored(byte[] ack) implements Outcome {}

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
