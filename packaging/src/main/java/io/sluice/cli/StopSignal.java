package io.sluice.cli;

/** Decides when a started daemon stops: on SIGTERM or SIGINT in production, whenever a test says in tests. */
public interface StopSignal {

  /**
   * Blocks while {@code daemon} should keep running. The daemon may already be closed when this returns; the caller
   * closes it again, which is harmless.
   */
  void await(Daemon daemon) throws InterruptedException;

  /**
   * As {@link #await(Daemon)}, running {@code reload} whenever the daemon is asked to reload its configuration
   * (SIGHUP in production), one reload at a time. Signals that never reload ignore it.
   */
  default void await(Daemon daemon, Runnable reload) throws InterruptedException {
    await(daemon);
  }
}
