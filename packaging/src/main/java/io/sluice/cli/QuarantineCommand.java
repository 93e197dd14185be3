package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice quarantine}: the files and records an output set aside because its store refused them for good. */
@Command(
    name = "quarantine",
    description = "List, show, retry or drop what an output quarantined: files its store refused for good (a key or "
        + "size it rejects) and records the formatter could not read. Works on the output's store directly, so the "
        + "agent need not run.",
    subcommands = {QuarantineListCommand.class, QuarantineShowCommand.class, QuarantineRetryCommand.class,
        QuarantineDropCommand.class})
final class QuarantineCommand {}
