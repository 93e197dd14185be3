package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice batches}: the commands on the tracker's batches, which replace the Lambda loader's batch scripts. */
@Command(
    name = "batches",
    description = "List, inspect, unlock, reprocess and reconcile the batches of the tracker shared with the Lambda "
        + "Redshift loader.",
    subcommands = {BatchesListCommand.class, BatchesDescribeCommand.class, BatchesReprocessCommand.class,
        BatchesUnlockCommand.class, BatchesReconcileCommand.class})
final class BatchesCommand {}
