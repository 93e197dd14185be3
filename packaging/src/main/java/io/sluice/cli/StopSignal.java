package io.sluice.cli;

/** Decides when a started daemon stops: on SIGTERM or SIGINT in production, whenever a test says in tests. */
public interface StopSignal {

  /**
   * Blocks while {@code daemon} should keep running. The daemon may already be closed when this returns; the caller
   * closes it again, which is harmless.
   */
  void await(Daemon daemon) throws InterruptedException;
}
