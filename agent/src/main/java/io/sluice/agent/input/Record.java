package io.sluice.agent.input;

/**
 * One event: its time and its record as the bytes it arrived in.
 *
 * @param epochNanos event time, nanoseconds since the Unix epoch
 * @param encoding what {@code body} holds
 * @param body exactly one JSON object or one msgpack map; not copied, so callers must not change it afterwards
 */
public record Record(long epochNanos, RecordEncoding encoding, byte[] body) {}
