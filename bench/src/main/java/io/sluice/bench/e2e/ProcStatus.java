package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a process's memory from {@code /proc/<pid>/status}, in KiB.
 *
 * @param rssKib resident set (VmRSS)
 * @param rssAnonKib its anonymous part (RssAnon): heap, direct buffers, stacks, not the mapped buffer files
 * @param peakRssKib the kernel's high-water mark of the resident set (VmHWM)
 */
record ProcStatus(long rssKib, long rssAnonKib, long peakRssKib) {

  static ProcStatus read(long pid) throws IOException {
    return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
  }

  static ProcStatus parse(String status) {
    return new ProcStatus(field(status, "VmRSS:"), field(status, "RssAnon:"), field(status, "VmHWM:"));
  }

  private static long field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalArgumentException("no " + name + " line in /proc/<pid>/status");
  }
}
