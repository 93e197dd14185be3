package io.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one timed phase of a benchmark: every connection's loop on its own thread, until a common deadline. */
final class LoadPhase {

  /** One connection's loop: sends until {@code deadlineNanos}, returning each request's latency in nanoseconds. */
  @FunctionalInterface
  interface ConnectionLoop {
    long[] run(int connection, long deadlineNanos, AtomicInteger failures) throws Exception;
  }

  private LoadPhase() {}

  static Measurement run(String name, int connections, Duration length, ConnectionLoop loop) throws Exception {
    long deadline = System.nanoTime() + length.toNanos();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections, new NamedThreads("bench-client"));
    List<Future<long[]>> latencies = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (int c = 0; c < connections; c++) {
        int connection = c;
        latencies.add(pool.submit(() -> loop.run(connection, deadline, failures)));
      }
      List<long[]> perConnection = new ArrayList<>();
      for (Future<long[]> future : latencies) {
        perConnection.add(future.get());
      }
      Measurement measurement = Measurement.of(perConnection, System.nanoTime() - started, failures.get());
      System.out.printf("%s: %d requests in %.1f s%n", name, measurement.requests(), measurement.seconds());
      return measurement;
    } finally {
      pool.shutdownNow();
    }
  }
}
