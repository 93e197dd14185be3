package io.sluice.cli;

import io.sluice.config.ConfigLoader;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from the process they run in, so tests can run them in-process with their own.
 *
 * @param variables the environment variables config files and logging read
 * @param stopSignal what tells {@code sluice run} to stop
 */
public record CommandEnvironment(Map<String, String> variables, StopSignal stopSignal) {

  public CommandEnvironment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(stopSignal, "stopSignal");
  }

  /** This JVM's environment, stopping on SIGTERM or SIGINT. */
  public static CommandEnvironment ofProcess() {
    return new CommandEnvironment(System.getenv(), new ShutdownHookSignal());
  }

  /** What tells systemd about the daemon: the socket {@code NOTIFY_SOCKET} names, or nothing when it is unset. */
  public ServiceNotifier serviceNotifier() {
    return ServiceNotifier.forSocket(variables.get("NOTIFY_SOCKET"));
  }

  /** A config loader that resolves {@code ${VAR}} references from {@link #variables()}. */
  public ConfigLoader configLoader() {
    return new ConfigLoader(variables);
  }
}
