package io.sluice.cli;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/** A daemon that tells the service manager when it begins to stop, before it drains. */
record NotifyingDaemon(Daemon daemon, ServiceNotifier notifier, AtomicBoolean stopping) implements Daemon {

  NotifyingDaemon(Daemon daemon, ServiceNotifier notifier) {
    this(daemon, notifier, new AtomicBoolean());
  }

  @Override
  public OptionalInt adminPort() {
    return daemon.adminPort();
  }

  @Override
  public void close() {
    if (stopping.compareAndSet(false, true)) {
      notifier.stopping();
    }
    daemon.close();
  }

  @Override
  public void awaitShutdown() throws InterruptedException {
    daemon.awaitShutdown();
  }
}
