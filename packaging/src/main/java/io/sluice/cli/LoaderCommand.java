package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice loader}: setting up the tracker, and running the loader on its own. */
@Command(
    name = "loader",
    description = "Set up the tracker's tables and config items, or run the loader without the agent.",
    subcommands = {LoaderSetupCommand.class, LoaderRunCommand.class})
final class LoaderCommand {}
