package io.sluice.agent.input.forward;

/**
 * The event the frame decoder fires when it gives up on a connection's byte stream, for the message handler to
 * log (summarized) before the connection closes.
 *
 * @param kind the {@code kind} label it was counted under, e.g. {@code protocol} or {@code frame_too_large}
 * @param reason why, safe to log: never the bytes themselves
 */
record BrokenStream(String kind, String reason) {}
