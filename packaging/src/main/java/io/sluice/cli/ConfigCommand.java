package io.sluice.cli;

import picocli.CommandLine.Command;

/** {@code sluice config}: the group of commands that check, show and print configuration. */
@Command(
    name = "config",
    description = "Check, show, print or import (from Fluentd) configuration.",
    subcommands = {ConfigCheckCommand.class, ConfigShowCommand.class, ConfigDefaultCommand.class,
        ConfigImportCommand.class})
final class ConfigCommand {}
