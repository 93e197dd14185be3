package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice config}: the group of commands that check, show and print configuration. */
@Command(
    name = "config",
    description = "Check, show or print configuration.",
    subcommands = {ConfigCheckCommand.class, ConfigShowCommand.class, ConfigDefaultCommand.class})
final class ConfigCommand {}
