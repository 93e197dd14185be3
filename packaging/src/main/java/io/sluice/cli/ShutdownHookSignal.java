package io.sluice.cli;

import io.sluice.agent.daemon.Agent;

/**
 * Stops the agent when the JVM is asked to exit (SIGTERM from systemd, SIGINT from a terminal). The agent is
 * closed inside the shutdown hook because the JVM exits as soon as its hooks finish, whatever other threads do.
 */
final class ShutdownHookSignal implements StopSignal {

  @Override
  public void await(Agent agent) throws InterruptedException {
    Thread hook = new Thread(agent::close, "sluice-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      agent.awaitShutdown();
    } finally {
      removeIfNotShuttingDown(hook);
    }
  }

  private static void removeIfNotShuttingDown(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is what stopped the agent; the JVM runs it to completion and then exits.
    }
  }
}
