package io.sluice.cli;

import io.sluice.agent.daemon.Agent;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link StopSignal} a test pulls by hand; it also shows the test the agent that is running. */
final class StopLatch implements StopSignal {

  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicReference<Agent> running = new AtomicReference<>();

  @Override
  public void await(Agent agent) throws InterruptedException {
    running.set(agent);
    stop.await();
  }

  /** The agent {@code sluice run} started, once it has started. */
  Optional<Agent> running() {
    return Optional.ofNullable(running.get());
  }

  /** Tells {@code sluice run} to stop, as SIGTERM would. */
  void pull() {
    stop.countDown();
  }
}
