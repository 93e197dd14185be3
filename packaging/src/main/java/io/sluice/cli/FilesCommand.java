package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice files}: the commands on processed files, which replace {@code processedFiles.js}. */
@Command(
    name = "files",
    description = "Query, delete and reprocess the tracker's processed files (processedFiles.js).",
    subcommands = {FilesQueryCommand.class, FilesDeleteCommand.class, FilesReprocessCommand.class})
final class FilesCommand {}
