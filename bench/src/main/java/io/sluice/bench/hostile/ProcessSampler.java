package io.sluice.bench.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Samples a process's resident memory (VmRSS and RssAnon from {@code /proc/<pid>/status}) and open descriptors
 * ({@code /proc/<pid>/fd}) every 100 ms, keeping the peaks since the last {@link #reset}.
 */
final class ProcessSampler implements AutoCloseable {

  /** The peaks since the last reset. */
  record Peaks(long rssKib, long rssAnonKib, long descriptors) {}

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "hostile-sampler"));
  private final LongSupplier pid;
  private long rssKib;
  private long rssAnonKib;
  private long descriptors;

  /** {@code pid} is asked on every sample, so a restarted agent is followed. */
  ProcessSampler(LongSupplier pid) {
    this.pid = pid;
    timer.scheduleWithFixedDelay(this::sample, 0, 100, TimeUnit.MILLISECONDS);
  }

  synchronized Peaks reset() {
    sample();
    Peaks peaks = new Peaks(rssKib, rssAnonKib, descriptors);
    rssKib = 0;
    rssAnonKib = 0;
    descriptors = 0;
    return peaks;
  }

  private synchronized void sample() {
    Path proc = Path.of("/proc", Long.toString(pid.getAsLong()));
    try {
      List<String> status = Files.readAllLines(proc.resolve("status"));
      rssKib = Math.max(rssKib, kib(status, "VmRSS:"));
      rssAnonKib = Math.max(rssAnonKib, kib(status, "RssAnon:"));
      try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
        descriptors = Math.max(descriptors, fds.count());
      }
    } catch (IOException | RuntimeException e) {
      // The process has exited or is exiting between two reads: the peaks so far stand.
    }
  }

  private static long kib(List<String> status, String field) {
    return status.stream().filter(line -> line.startsWith(field))
        .map(line -> line.substring(field.length()).trim().split("\\s+")[0])
        .mapToLong(Long::parseLong).findFirst().orElse(0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
