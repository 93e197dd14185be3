package io.sluice.cli;

import io.sluice.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice config default}: prints the embedded default configuration, a starting point for a new file. */
@Command(name = "default",
    description = "Print the embedded default configuration, e.g. sluice config default > /etc/sluice/sluice.yaml")
final class ConfigDefaultCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigLoader.defaultYaml());
    return ExitCode.OK;
  }
}
