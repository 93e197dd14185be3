package io.sluice.agent.input.forward;

import io.sluice.agent.input.EventBatch;

/**
 * One event message of any mode, mapped to what the buffer stores.
 *
 * @param batch the events, as one batch
 * @param chunk the {@code chunk} option's msgpack value exactly as received, or null when no ack was asked for
 */
record ForwardMessage(EventBatch batch, byte[] chunk) {}
