package io.sluice.cli;

import io.sluice.config.ConfigPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice config show FILE}: prints the effective configuration, defaults filled in and secrets redacted. */
@Command(name = "show",
    description = "Print the effective configuration of a file: defaults filled in, $${ENV} resolved, secrets "
        + "redacted.")
final class ConfigShowCommand implements Callable<Integer> {

  private final CommandEnvironment environment;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The configuration file to show.")
  Path file;

  ConfigShowCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().print(ConfigPrinter.toYaml(environment.configLoader().read(file)));
    return ExitCode.OK;
  }
}
