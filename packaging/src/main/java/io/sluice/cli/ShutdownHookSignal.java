package io.sluice.cli;

/**
 * Stops the daemon when the JVM is asked to exit (SIGTERM from systemd, SIGINT from a terminal). The daemon is
 * closed inside the shutdown hook because the JVM exits as soon as its hooks finish, whatever other threads do.
 */
final class ShutdownHookSignal implements StopSignal {

  @Override
  public void await(Daemon daemon) throws InterruptedException {
    Thread hook = new Thread(daemon::close, "sluice-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      daemon.awaitShutdown();
    } finally {
      removeIfNotShuttingDown(hook);
    }
  }

  private static void removeIfNotShuttingDown(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is what stopped the daemon; the JVM runs it to completion and then exits.
    }
  }
}
