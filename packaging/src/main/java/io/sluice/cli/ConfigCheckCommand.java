package io.sluice.cli;

import io.sluice.config.CheckedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice config check FILE}: validates a file, listing every problem with its line and column. */
@Command(name = "check",
    description = "Validate a configuration file. Prints every problem as FILE:LINE:COLUMN: FIELD: MESSAGE and "
        + "exits 2, or prints OK and exits 0, after warnings (on stderr, as warning: FILE:LINE:COLUMN: FIELD: "
        + "MESSAGE) about what is valid but leaves something undone, such as a Redshift password a Lambda loader "
        + "sharing the tracker cannot read, or an output no record reaches because earlier outputs take its tags.")
final class ConfigCheckCommand implements Callable<Integer> {

  private final CommandEnvironment environment;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The configuration file to check.")
  Path file;

  ConfigCheckCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    CheckedConfig checked = environment.configLoader().check(file);
    PrintWriter err = spec.commandLine().getErr();
    checked.warnings().forEach(warning -> err.println("warning: " + warning));
    err.flush();
    spec.commandLine().getOut().println("OK: " + file);
    return ExitCode.OK;
  }
}
