package io.sluice.cli;

import io.sluice.agent.daemon.Agent;
import io.sluice.agent.daemon.ReloadOutcome;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGHUP does to {@code sluice run}: reads the same file again (with the same environment) and hands it to
 * the agent, telling systemd it reloads meanwhile. A file that does not read or validate is rejected with every
 * problem logged, one line each, and the running configuration is kept.
 */
final class ConfigReload implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

  private final Path file;
  private final ConfigLoader loader;
  private final Agent agent;
  private final ServiceNotifier notifier;
  private final Consumer<SluiceConfig> onApplied;

  /**
   * @param file the file the agent started from; null for the embedded default, which nothing can change
   * @param onApplied what else applies a reloaded configuration, after the agent did (the log levels)
   */
  ConfigReload(Path file, ConfigLoader loader, Agent agent, ServiceNotifier notifier,
      Consumer<SluiceConfig> onApplied) {
    this.file = file;
    this.loader = loader;
    this.agent = agent;
    this.notifier = notifier;
    this.onApplied = onApplied;
  }

  @Override
  public void run() {
    notifier.reloading();
    try {
      reload();
    } catch (IllegalStateException e) {
      LOG.info("config reload skipped: the agent is not running reason=\"{}\"", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("config reload failed file={}", file, e);
    } finally {
      notifier.ready("running");
    }
  }

  private void reload() {
    if (file == null) {
      LOG.warn("config reload asked, but the agent runs the embedded default: there is no file to read again");
      return;
    }
    LOG.info("config reload asked file={}", file);
    SluiceConfig next;
    try {
      next = loader.read(file);
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        LOG.error("config reload rejected, the running configuration is kept file={} line={} column={} key={}"
            + " problem=\"{}\"", file, problem.line(), problem.column(), problem.path(), problem.message());
      }
      agent.reloadRejected();
      return;
    }
    ReloadOutcome outcome = agent.reload(next);
    if (outcome.applied()) {
      onApplied.accept(next);
    }
  }
}
