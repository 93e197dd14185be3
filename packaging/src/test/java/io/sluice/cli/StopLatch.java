package io.sluice.cli;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link StopSignal} a test pulls by hand; it also shows the test the daemon that is running. */
final class StopLatch implements StopSignal {

  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicReference<Daemon> running = new AtomicReference<>();

  @Override
  public void await(Daemon daemon) throws InterruptedException {
    running.set(daemon);
    stop.await();
  }

  /** The daemon {@code sluice run} or {@code sluice loader run} started, once it has started. */
  Optional<Daemon> running() {
    return Optional.ofNullable(running.get());
  }

  /** Tells {@code sluice run} to stop, as SIGTERM would. */
  void pull() {
    stop.countDown();
  }
}
