package io.sluice.agent.output;

import io.sluice.agent.output.store.StoredObject;
import java.time.Instant;

/**
 * A file a store has confirmed, as the {@link UploadHook} sees it.
 *
 * @param destination the output name
 * @param tag the tag of every record in the file
 * @param sequence the file's sequence number within the destination
 * @param firstIndex the queue index of its first entry
 * @param lastIndex the queue index of its last entry
 * @param records how many JSON lines it holds
 * @param firstRecordTime the event time of its first record
 * @param object where it is stored: bucket (or directory), key, size, ETag
 */
public record UploadedFile(String destination, String tag, long sequence, long firstIndex, long lastIndex,
    long records, Instant firstRecordTime, StoredObject object) {}
