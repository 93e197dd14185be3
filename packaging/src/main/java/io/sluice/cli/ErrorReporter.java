package io.sluice.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigProblem;
import io.sluice.config.logging.LogLevel;
import io.sluice.config.logging.LoggingConfig;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into what an operator reads on stderr: one line per error (one per problem for a bad config), a
 * stack trace only with {@code --verbose} or {@code SLUICE_LOG_LEVEL=debug}, and the exit code: 2 for usage and
 * configuration errors, 1 for anything that went wrong while running.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private static final String VERBOSE = "--verbose";

  private final boolean debugLogging;

  ErrorReporter(CommandEnvironment environment) {
    this.debugLogging = debugAsked(environment.variables());
  }

  /** Whether the level variable asks for debug or trace; a bad value is reported by the config, not here. */
  private static boolean debugAsked(Map<String, String> environment) {
    try {
      return LoggingConfig.levelVariable(environment)
          .map(level -> level == LogLevel.DEBUG || level == LogLevel.TRACE).orElse(false);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (failure instanceof ConfigException invalid) {
      for (ConfigProblem problem : invalid.problems()) {
        err.println(problem);
      }
    } else {
      err.println("sluice: " + describe(failure));
    }
    if (debugLogging || verbose(parsed)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return failure instanceof ConfigException ? ExitCode.USAGE : ExitCode.SOFTWARE;
  }

  @Override
  public int handleParseException(ParameterException invalid, String[] args) {
    CommandLine command = invalid.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("sluice: " + invalid.getMessage());
    UnmatchedArgumentException.printSuggestions(invalid, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
