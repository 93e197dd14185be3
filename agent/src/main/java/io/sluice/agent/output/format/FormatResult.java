package io.sluice.agent.output.format;

/**
 * What formatting one batch produced.
 *
 * @param records the lines written
 * @param malformed the records skipped because their bytes could not be read
 * @param firstProblem why the first skipped record was skipped; null when none was
 */
public record FormatResult(int records, int malformed, String firstProblem) {}
