package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops the daemon on SIGTERM (systemd) and SIGINT (a terminal), and reloads it on SIGHUP. The stop signals are
 * handled, not left to the JVM, so that a graceful stop returns from the command and exits 0, as systemd and a
 * supervisor expect of a clean stop; the shutdown hook still closes the daemon if the JVM exits another way, since
 * the JVM exits as soon as its hooks finish, whatever other threads do. Signals have no Java API:
 * {@code sun.misc.Signal} (module jdk.unsupported) is the one way to handle them.
 */
final class ShutdownHookSignal implements StopSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownHookSignal.class);
  private static final Signal HANGUP = new Signal("HUP");
  private static final List<Signal> STOPS = List.of(new Signal("TERM"), new Signal("INT"));

  @Override
  public void await(Daemon daemon) throws InterruptedException {
    Thread hook = new Thread(daemon::close, "sluice-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // Closing takes up to the drain timeout: not on the JVM's signal dispatch thread. A second signal finds the
    // daemon closing and changes nothing; systemd's SIGKILL after TimeoutStopSec is the hard stop.
    ExecutorService stopper = Executors.newSingleThreadExecutor(task -> new Thread(task, "sluice-stop"));
    List<Signal> handled = installStopHandlers(signal -> {
      if (!stopper.isShutdown()) {
        stopper.execute(daemon::close);
      }
    });
    try {
      daemon.awaitShutdown();
    } finally {
      handled.forEach(signal -> Signal.handle(signal, SignalHandler.SIG_DFL));
      stopper.shutdown();
      stopper.awaitTermination(1, TimeUnit.MINUTES);
      removeIfNotShuttingDown(hook);
    }
  }

  private static List<Signal> installStopHandlers(SignalHandler handler) {
    List<Signal> handled = new ArrayList<>();
    for (Signal signal : STOPS) {
      try {
        Signal.handle(signal, handler);
        handled.add(signal);
      } catch (IllegalArgumentException e) {
        // The JVM keeps SIGINT when started with -Xrs or in the background of some shells: its default (exit, and
        // the shutdown hook closes the daemon) still stops gracefully, only with the signal's exit code.
        LOG.debug("signal={} stays with the JVM error=\"{}\"", signal.getName(), e.getMessage());
      }
    }
    return handled;
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
