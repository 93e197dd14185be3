package io.sluice.cli;

import java.util.OptionalInt;

/** What {@code sluice run} and {@code sluice loader run} keep running until a {@link StopSignal} says stop. */
public interface Daemon extends AutoCloseable {

  /** The port of its admin endpoint ({@code /metrics}, {@code /healthz}), empty when disabled or stopped. */
  OptionalInt adminPort();

  /** Stops it, draining within its drain timeout; safe to call more than once and from any thread. */
  @Override
  void close();

  /** Blocks until it has stopped, whoever closed it. */
  void awaitShutdown() throws InterruptedException;
}
