package io.sluice.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code sluice loader run}: the embedded loader on its own, until SIGTERM or SIGINT. */
@Command(name = "run",
    description = "Run a standalone loader, the Lambda loader's replacement: create the tracker's tables where "
        + "missing, write the loader.loads config items, and load every due batch into Redshift until SIGTERM or "
        + "SIGINT; then let running loads finish within agent.drain_timeout. A file with loads and no outputs is "
        + "enough. Serves /metrics and /healthz when admin is enabled.")
final class LoaderRunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(LoaderRunCommand.class);

  private final CommandEnvironment environment;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The configuration file. Default: /etc/sluice/sluice.yaml.")
  Path configFile = AdminOptions.DEFAULT_CONFIG;

  LoaderRunCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    SluiceConfig config = environment.configLoader().read(configFile);
    if (config.loader().loads().isEmpty()) {
      throw new ConfigException(List.of(new ConfigProblem(configFile.toString(), 0, 0, "loader.loads",
          "a standalone loader needs at least one load configuration")));
    }
    LogSettings.apply(config.logging());
    LOG.info("Sluice {} loader starting config={}", SluiceVersion.current(), configFile);
    try (ServiceNotifier notifier = environment.serviceNotifier();
        StandaloneLoader loader = StandaloneLoader.start(config)) {
      notifier.ready("loading");
      try (Daemon daemon = new NotifyingDaemon(loader, notifier)) {
        environment.stopSignal().await(daemon);
      }
    }
    return ExitCode.OK;
  }
}
