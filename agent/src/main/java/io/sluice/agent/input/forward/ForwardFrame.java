package io.sluice.agent.input.forward;

/**
 * One complete top-level msgpack value read from a forward connection: an event message, or a handshake message
 * (PING) before the connection is authenticated. The frame decoder emits these; nothing downstream sees partial
 * values.
 *
 * @param bytes exactly the bytes of one msgpack value, owned by the frame
 */
public record ForwardFrame(byte[] bytes) {}
