package io.sluice.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops the daemon when the JVM is asked to exit (SIGTERM from systemd, SIGINT from a terminal), and reloads it on
 * SIGHUP. The daemon is closed inside the shutdown hook because the JVM exits as soon as its hooks finish, whatever
 * other threads do. SIGHUP has no Java API: {@code sun.misc.Signal} (module jdk.unsupported) is the one way to
 * handle it; without a handler the JVM would treat it as a request to exit.
 */
final class ShutdownHookSignal implements StopSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownHookSignal.class);
  private static final Signal HANGUP = new Signal("HUP");

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

  @Override
  public void await(Daemon daemon, Runnable reload) throws InterruptedException {
    // One thread: reloads run one after another, and never on the JVM's signal dispatch thread.
    ExecutorService reloads = Executors.newSingleThreadExecutor(task -> new Thread(task, "sluice-reload"));
    SignalHandler previous = installHangupHandler(signal -> reloads.execute(reload));
    try {
      await(daemon);
    } finally {
      if (previous != null) {
        Signal.handle(HANGUP, SignalHandler.SIG_IGN);
      }
      reloads.shutdownNow();
    }
  }

  private static SignalHandler installHangupHandler(SignalHandler handler) {
    try {
      return Signal.handle(HANGUP, handler);
    } catch (IllegalArgumentException e) {
      LOG.warn("SIGHUP cannot be handled here; reload by restarting error=\"{}\"", e.getMessage());
      return null;
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
