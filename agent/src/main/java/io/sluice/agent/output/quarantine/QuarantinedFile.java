package io.sluice.agent.output.quarantine;

/**
 * One entry of an output's quarantine, as {@link Quarantine#list()} finds it.
 *
 * @param record its reason object
 * @param reasonKey where the reason object is
 * @param contentPresent whether its content is still there (false only after a retry or drop was cut short)
 */
public record QuarantinedFile(QuarantineRecord record, String reasonKey, boolean contentPresent) {}
