package io.sluice.agent.input.forward.handshake;

/**
 * The server's answer to one PING.
 *
 * @param accepted whether the client authenticated
 * @param reason why not (empty when accepted); safe to log, it never holds a key
 * @param pong the encoded PONG to send back
 */
public record Outcome(boolean accepted, String reason, byte[] pong) {}
