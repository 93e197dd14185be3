package io.sluice.agent.output.journal;

/**
 * Why and when a pending file was sent to quarantine, journaled before the quarantine is written so a crash
 * writes the same quarantine objects again, with the same reason and time.
 *
 * @param reason the failure's label, such as {@code key_too_long}
 * @param detail what the store said; never payload bytes
 * @param atEpochMillis when the file was sent to quarantine
 */
public record QuarantineMark(String reason, String detail, long atEpochMillis) {}
