package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time so far (user + system, every thread) from {@code /proc/<pid>/stat}. */
final class ProcCpu {

  /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcCpu() {}

  static double seconds(long pid) throws IOException {
    return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
  }

  static double parse(String stat) {
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
