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

/**
 * {@code sluice run}: starts the agent and keeps it running until SIGTERM or SIGINT, then stops it gracefully;
 * SIGHUP reloads its configuration file.
 */
@Command(name = "run", description = "Run the agent until SIGTERM or SIGINT, then drain and stop. SIGHUP reloads "
    + "the configuration file: outputs, the loader and log levels change; listeners, buffer and admin need a "
    + "restart. Tells systemd its state when NOTIFY_SOCKET is set.")
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
    try (ServiceNotifier notifier = environment.serviceNotifier(); Agent agent = new Agent(config)) {
      agent.start();
      notifier.ready("running agent_id=" + config.agent().id());
      ConfigReload reload = new ConfigReload(configFile, environment.configLoader(), agent, notifier,
          RunCommand::applyBeyondTheAgent);
      try (Daemon daemon = new NotifyingDaemon(new AgentDaemon(agent), notifier)) {
        environment.stopSignal().await(daemon, reload);
      }
    }
    return ExitCode.OK;
  }

  /** What a reloaded configuration changes outside the agent, once the agent has applied it. */
  private static void applyBeyondTheAgent(SluiceConfig reloaded) {
    try {
      LogSettings.apply(reloaded.logging());
    } catch (IllegalStateException e) {
      // The new log file could not be opened: the agent took the rest; logging stays where it was, which says so.
      LOG.error("reloaded logging settings not applied, logging stays as it was reason=\"{}\"", e.getMessage());
    }
  }
}
