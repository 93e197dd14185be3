package io.sluice.cli;

import io.sluice.config.ConfigException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

/** The {@code sluice} command: a log shipper from Fluentd forward and HTTP to S3 and Redshift. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceVersion.class,
    scope = ScopeType.INHERIT,
    description = "Ships logs from Fluentd forward and HTTP inputs to S3 and loads them into Redshift.",
    subcommands = {RunCommand.class, StatusCommand.class, ConfigCommand.class, QuarantineCommand.class,
        BatchesCommand.class, FilesCommand.class, LoaderCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure", "2:usage or configuration error"})
public final class SluiceCommand {

  /** The commands that log to stdout; every other command prints its result there (see {@link ResultLogging}). */
  private static final Set<Class<?>> DAEMONS = Set.of(RunCommand.class, LoaderRunCommand.class);

  // Read through the parse result by ErrorReporter, which handles the failures of every subcommand.
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
  boolean verbose;

  public static void main(String[] args) {
    CommandEnvironment environment = CommandEnvironment.ofProcess();
    CommandLine cli = commandLine(environment);
    cli.setExecutionStrategy(parsed -> {
      // Help and version print and return: setting up logging first would only cost them start-up time.
      if (!helpRequested(parsed)) {
        try {
          if (DAEMONS.contains(leaf(parsed).commandSpec().userObject().getClass())) {
            LogSettings.levelVariable(environment.variables());
          } else {
            ResultLogging.apply(environment.variables());
          }
        } catch (ConfigException e) {
          throw new ExecutionException(cli, e.getMessage(), e);
        }
      }
      return new RunLast().execute(parsed);
    });
    int exitCode = cli.execute(args);
    // picocli's writers flush on println only, and System.exit runs no finally block that would flush a print.
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(exitCode);
  }

  private static boolean helpRequested(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  private static ParseResult leaf(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    return leaf;
  }

  /** The command tree, wired to {@code environment} and reporting errors the Sluice way (one line, exit 2 or 1). */
  public static CommandLine commandLine(CommandEnvironment environment) {
    ErrorReporter errors = new ErrorReporter(environment);
    return new CommandLine(SluiceCommand.class, new CommandFactory(environment))
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }
}
