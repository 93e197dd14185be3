package io.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints the process's memory: heap in use and committed, and the peak resident set size from /proc. */
final class MemoryReport {

  private MemoryReport() {}

  static void print() throws IOException {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.printf("memory: heap used %d MiB of %d MiB committed, peak RSS %s (agent and clients in one JVM)%n",
        heap.getUsed() >> 20, heap.getCommitted() >> 20, peakRss());
  }

  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return "unknown";
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> line.substring("VmHWM:".length()).trim())
        .findFirst()
        .orElse("unknown");
  }
}
