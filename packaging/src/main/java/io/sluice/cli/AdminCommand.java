package io.sluice.cli;

import io.sluice.config.ConfigScope;
import io.sluice.config.tracker.TrackerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A command on the shared tracker: reads its settings ({@link AdminOptions}), opens a {@link TrackerSession}, runs,
 * and turns a missing table into one line an operator can act on.
 */
abstract class AdminCommand implements Callable<Integer> {

  private final CommandEnvironment environment;

  @Mixin
  AdminOptions options;

  @Spec
  CommandSpec spec;

  AdminCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public final Integer call() throws Exception {
    checkUsage();
    AdminSettings settings = AdminSettings.load(options, environment, configScope());
    CommandOutput out = new CommandOutput(spec.commandLine().getOut(), options.json);
    try (TrackerSession session = TrackerSession.open(settings)) {
      return run(session, out);
    } catch (ResourceNotFoundException missing) {
      throw new IllegalStateException("A tracker table does not exist at " + where(settings.tracker()) + " ("
          + missing.awsErrorDetails().errorMessage() + "); check -c, --region and --endpoint, or create the tables "
          + "with sluice loader setup", missing);
    }
  }

  /** Rejects option combinations picocli cannot express, before anything is read; see {@link #usageError}. */
  void checkUsage() {
  }

  /** The part of the config file the command uses: by default the tracker and loader settings, no loading secret. */
  ConfigScope configScope() {
    return AdminSettings.TRACKER_TABLES;
  }

  /** Runs the command and returns its exit code; failures are thrown and reported by {@link ErrorReporter}. */
  abstract int run(TrackerSession session, CommandOutput out) throws Exception;

  /** The processed-file key a KEY argument names, as the Lambda records it; a usage error when it names no object. */
  String loadFileArgument(String key) {
    try {
      return S3Names.loadFile(key);
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }

  /** A usage error: reported like a bad flag, exit code 2. */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String where(TrackerConfig tracker) {
    if (tracker.endpoint() != null) {
      return tracker.endpoint().toString();
    }
    return tracker.region() != null ? "region " + tracker.region() : "the SDK's default region";
  }
}
