package io.sluice.agent.output.quarantine;

import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;

/**
 * The reason object written beside a quarantined object: why, what it is and where it came from. Never holds
 * payload bytes.
 *
 * @param kind a whole file, or records the formatter could not read
 * @param reason the failure's label, such as {@code key_too_long} or {@code malformed_records}
 * @param detail what the store or the formatter said
 * @param intendedKey the key the file was to be uploaded under
 * @param contentKey where the quarantined content is
 * @param tag the tag of its records
 * @param agent the agent id
 * @param destination the output name
 * @param sequence the file's sequence number within the output
 * @param firstIndex the queue index of its first entry
 * @param lastIndex the queue index of its last entry
 * @param firstRecordNanos the time the key's time fields come from: the start of the file's time slice (the event
 *     time of its first record for a file sealed before files were sliced); a retry renders the key from it
 * @param records how many records the content holds
 * @param bytes the content's size
 * @param quarantinedAt when it was quarantined, ISO-8601 UTC
 */
public record QuarantineRecord(Kind kind, String reason, String detail, String intendedKey, String contentKey,
    String tag, String agent, String destination, long sequence, long firstIndex, long lastIndex,
    long firstRecordNanos, long records, long bytes, String quarantinedAt) {}
