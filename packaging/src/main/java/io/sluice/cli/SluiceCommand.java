package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code sluice} command: a log shipper from Fluentd forward and HTTP to S3 and Redshift. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceVersion.class,
    scope = ScopeType.INHERIT,
    description = "Ships logs from Fluentd forward and HTTP inputs to S3 and loads them into Redshift.",
    subcommands = {RunCommand.class, ConfigCommand.class, BatchesCommand.class, FilesCommand.class,
        LoaderCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure", "2:usage or configuration error"})
public final class SluiceCommand {

  // Read through the parse result by ErrorReporter, which handles the failures of every subcommand.
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine(CommandEnvironment.ofProcess()).execute(args));
  }

  /** The command tree, wired to {@code environment} and reporting errors the Sluice way (one line, exit 2 or 1). */
  public static CommandLine commandLine(CommandEnvironment environment) {
    ErrorReporter errors = new ErrorReporter(environment);
    return new CommandLine(SluiceCommand.class, new CommandFactory(environment))
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }
}
