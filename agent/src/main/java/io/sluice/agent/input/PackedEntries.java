package io.sluice.agent.input;

/**
 * A forward-protocol PackedForward payload kept as received: back-to-back msgpack {@code [time, record]} arrays,
 * decoded only on the output side so the main ingest path stays a copy.
 *
 * @param tag the events' tag
 * @param eventCount how many {@code [time, record]} entries {@code entries} holds
 * @param entries the uncompressed msgpack stream; not copied, so callers must not change it afterwards
 */
public record PackedEntries(String tag, int eventCount, byte[] entries) implements EventBatch {}
