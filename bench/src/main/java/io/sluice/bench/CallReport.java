package io.sluice.bench;

import java.util.Map;

/**
 * Prints the AWS calls of one service by caller and operation: totals, per registered file, per loaded batch, per
 * second of the agent's life (what scanning costs depends on time, not on traffic), and the mean time of a call.
 */
final class CallReport {

  private final Map<CallTally.Call, CallTally.Count> calls;
  private final long files;
  private final long batches;
  private final double seconds;

  /**
   * @param calls the tally to report
   * @param files files registered
   * @param batches batches loaded
   * @param seconds how long the agent ran while the tally was taken
   */
  CallReport(Map<CallTally.Call, CallTally.Count> calls, long files, long batches, double seconds) {
    this.calls = calls;
    this.files = files;
    this.batches = batches;
    this.seconds = seconds;
  }

  /**
   * @param service the SDK's service name, such as {@code DynamoDb}
   * @param title the service as printed
   * @param outputRole what the output threads' calls of this service are, such as the registrar's
   */
  void print(String service, String title, String outputRole) {
    System.out.printf("%s calls (%,d files registered, %,d batches loaded, %.0f s):%n", title, files, batches,
        seconds);
    System.out.printf("  %-15s %-14s %8s %7s %9s %10s %7s %8s%n", "caller", "operation", "calls", "failed",
        "per file", "per batch", "per s", "ms/call");
    CallTally.Count loader = CallTally.Count.NONE;
    for (Caller caller : Caller.values()) {
      String label = caller == Caller.OUTPUT ? outputRole : caller.label();
      // The other threads' calls are set-up and measurement, not the pipeline's work: not divided.
      boolean divided = caller != Caller.OTHER;
      CallTally.Count total = CallTally.Count.NONE;
      for (Map.Entry<CallTally.Call, CallTally.Count> entry : calls.entrySet()) {
        if (entry.getKey().caller() == caller && entry.getKey().service().equals(service)) {
          row(label, entry.getKey().operation(), entry.getValue(), divided);
          total = total.plus(entry.getValue());
        }
      }
      if (total.calls() > 0) {
        row(label, "all", total, divided);
      }
      if (caller == Caller.LOADER || caller == Caller.LOADER_SCAN) {
        loader = loader.plus(total);
      }
      if (caller == Caller.LOADER_SCAN && loader.calls() > 0) {
        row("loader", "all", loader, true);
      }
    }
    System.out.println("  (other threads: the agent's start-up, the benchmark's own reads, the stand-ins' COPY)");
  }

  private void row(String caller, String operation, CallTally.Count count, boolean divided) {
    double millisPerCall = count.nanos() / 1e6 / count.calls();
    if (!divided) {
      System.out.printf("  %-15s %-14s %,8d %,7d %9s %10s %7s %8.2f%n", caller, operation, count.calls(),
          count.failed(), "-", "-", "-", millisPerCall);
      return;
    }
    System.out.printf("  %-15s %-14s %,8d %,7d %9.2f %10.2f %7.2f %8.2f%n", caller, operation, count.calls(),
        count.failed(), perUnit(count.calls(), files), perUnit(count.calls(), batches), count.calls() / seconds,
        millisPerCall);
  }

  private static double perUnit(long count, long units) {
    return units == 0 ? Double.NaN : (double) count / units;
  }
}
