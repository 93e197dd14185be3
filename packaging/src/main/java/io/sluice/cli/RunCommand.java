package io.sluice.cli;

import io.sluice.agent.daemon.Agent;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code sluice run}: starts the agent and keeps it running until SIGTERM or SIGINT, then stops it gracefully. */
@Command(name = "run", description = "Run the agent until SIGTERM or SIGINT, then drain and stop.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private final CommandEnvironment environment;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The configuration file. Without it, the embedded default: everything local, no AWS account.")
  Path configFile;

  RunCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    SluiceConfig config = configFile == null
        ? ConfigLoader.embeddedDefault()
        : environment.configLoader().read(configFile);
    LogSettings.apply(config.logging());
    LOG.info("Sluice {} starting config={}", SluiceVersion.current(),
        configFile == null ? "<embedded default>" : configFile);
    try (Agent agent = new Agent(config)) {
      agent.start();
      environment.stopSignal().await(new AgentDaemon(agent));
    }
    return ExitCode.OK;
  }
}
