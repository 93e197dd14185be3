package io.sluice.agent.output;

import java.time.Instant;

/**
 * One output's state for {@code sluice status} and {@code /status}: what waits, what moves, and what is wrong.
 *
 * @param name the output's name
 * @param target where it writes ({@code s3://bucket} or a directory)
 * @param backlogBytes bytes of buffer entries it has not shipped
 * @param backlogRecords records in those entries
 * @param oldestUnshipped when its oldest unshipped record was appended; null when nothing waits
 * @param filesOpen files being written
 * @param filesUploading sealed files being uploaded or registered now (0 or 1: one thread per output)
 * @param filesWaiting sealed files journaled but not yet confirmed (uploading included)
 * @param filesQuarantined files quarantined since the start
 * @param lastUpload when the store last confirmed a file; null when none since the start
 * @param lastProgress when the output last shipped, quarantined or skipped past something; the start time at first
 * @param failure why the current attempt is failing (label and detail, no payload); null while healthy
 * @param failingSince when the current run of failures began; null while healthy
 */
public record OutputStatus(String name, String target, long backlogBytes, long backlogRecords,
    Instant oldestUnshipped, int filesOpen, int filesUploading, int filesWaiting, long filesQuarantined,
    Instant lastUpload, Instant lastProgress, String failure, Instant failingSince) {}
