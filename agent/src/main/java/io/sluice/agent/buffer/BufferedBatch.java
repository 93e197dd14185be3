package io.sluice.agent.buffer;

import io.sluice.agent.input.EventBatch;

/**
 * A batch read back from the buffer, with where it sits in the queue.
 *
 * @param index the queue index of the entry; indexes only grow, and identify the entry across restarts
 * @param batch the batch as it was appended
 * @param sizeBytes the bytes the entry takes in the queue, for the disk budget
 * @param appendedAtMillis when the buffer appended the entry (Unix milliseconds), kept in the entry so a re-read
 *     gives the same time; for entries written before it was kept, the start of their queue file's roll cycle
 */
public record BufferedBatch(long index, EventBatch batch, long sizeBytes, long appendedAtMillis) {}
