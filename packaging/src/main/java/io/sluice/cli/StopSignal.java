package io.sluice.cli;

import io.sluice.agent.daemon.Agent;

/** Decides when a started agent stops: on SIGTERM or SIGINT in production, whenever a test says in tests. */
public interface StopSignal {

  /**
   * Blocks while {@code agent} should keep running. The agent may already be closed when this returns; the caller
   * closes it again, which is harmless.
   */
  void await(Agent agent) throws InterruptedException;
}
