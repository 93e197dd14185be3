package io.sluice.cli;

import io.sluice.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure", "2:usage or configuration error"})
public final class SluiceCommand {

  /** The subcommands, in the order help lists them. */
  private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, StatusCommand.class,
      ConfigCommand.class, QuarantineCommand.class, BatchesCommand.class, FilesCommand.class, LoaderCommand.class);

  /** The commands that log to stdout; every other command prints its result there (see {@link ResultLogging}). */
  private static final Set<Class<?>> DAEMONS = Set.of(RunCommand.class, LoaderRunCommand.class);

  // Read through the parse result by ErrorReporter, which handles the failures of every subcommand.
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
  boolean verbose;

  public static void main(String[] args) {
    CommandEnvironment environment = CommandEnvironment.ofProcess();
    CommandLine cli = commandLine(environment, args);
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
    return commandLine(environment, new String[0]);
  }

  /**
   * The tree {@code args} need: only the subcommand they name, or all of them when they name none or an unknown
   * one (for the top-level help and picocli's "did you mean"). Building a command's model is most of what a short
   * command spends before its own work, so the others are not built.
   */
  static CommandLine commandLine(CommandEnvironment environment, String[] args) {
    CommandLine cli = new CommandLine(SluiceCommand.class, new CommandFactory(environment));
    Optional<String> named = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst();
    boolean known = named.isPresent() && COMMANDS.stream().anyMatch(command -> nameOf(command).equals(named.get()));
    for (Class<?> command : COMMANDS) {
      if (!known || nameOf(command).equals(named.get())) {
        cli.addSubcommand(command);
      }
    }
    // After the subcommands: a handler set on a command line reaches only the subcommands it already has.
    ErrorReporter errors = new ErrorReporter(environment);
    return cli.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
