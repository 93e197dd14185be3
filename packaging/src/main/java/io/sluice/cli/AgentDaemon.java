package io.sluice.cli;

import io.sluice.agent.daemon.Agent;
import java.util.OptionalInt;

/** The agent of {@code sluice run}, as the {@link Daemon} a {@link StopSignal} stops. */
record AgentDaemon(Agent agent) implements Daemon {

  @Override
  public OptionalInt adminPort() {
    return agent.adminPort();
  }

  @Override
  public void close() {
    agent.close();
  }

  @Override
  public void awaitShutdown() throws InterruptedException {
    agent.awaitShutdown();
  }
}
