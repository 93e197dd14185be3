package io.sluice.bench.e2e;

import io.sluice.bench.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Issue 14's end-to-end scenario: the packaged agent in a process of its own (forward input, one local output, the
 * shipped fsync policy and jvm.options), fed by {@code fwdgen.py --ack --window 8 --conns 1 --batch 1000}, timed
 * from the first byte sent until the last record is in a confirmed file; then the machine's physical limits
 * (loopback TCP, sequential disk writes) measured in the same run. Prints each run, the median (min–max) of
 * several, and each figure as a fraction of the tighter limit.
 *
 * <p>Run with {@code mvn -B -ntp -q -Pbench -pl bench -am verify -DskipTests
 * -Dbench.main=io.sluice.bench.e2e.EndToEndForwardBenchmark -Dbench.args="--runs 3"}; see {@link EndToEndOptions}
 * for the other options.
 */
public final class EndToEndForwardBenchmark {

  private static final String TEMP_SUFFIX = ".sluice-tmp";

  private EndToEndForwardBenchmark() {}

  public static void main(String[] args) {
    int status;
    try {
      run(EndToEndOptions.parse(args));
      status = 0;
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static void run(EndToEndOptions options) throws Exception {
    System.out.printf("End to end, forward with ack -> local files: %,d records, %d a message, window %d,"
        + " 1 connection, fsync %s, roll age %ds, %s, work in %s%n", options.records(), options.batch(),
        options.window(), "interval".equals(options.fsync()) ? "interval 1s (shipped)" : options.fsync(),
        options.rollAge().toSeconds(), options.dist(), options.work());
    System.out.printf("load before: %s%n", loadAverage());
    List<RunFigures> runs = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      RunFigures figures = once(options);
      runs.add(figures);
      printRun("run " + i, figures);
    }
    if (runs.size() > 1) {
      printSummary(runs);
    }
    printTableRow(options, runs);
    printLimits(options, runs);
    System.out.println("ack latency: not measured (fwdgen.py does not report it)");
    System.out.printf("load after: %s%n", loadAverage());
  }

  private static RunFigures once(EndToEndOptions options) throws Exception {
    Path work = Files.createTempDirectory(options.work(), "sluice-e2e-");
    try {
      long pid;
      List<Sample> samples;
      Fwdgen.Result sent;
      ProcStatus idle;
      ProcStatus end;
      long endNanos;
      try (AgentProcess agent = AgentProcess.start(options, work)) {
        pid = agent.pid();
        Thread.sleep(2_000);
        idle = ProcStatus.read(pid);
        double cpuBefore = ProcCpu.seconds(pid);
        try (AgentSampler sampler = new AgentSampler(agent, options.records())) {
          sampler.start();
          sent = Fwdgen.send(options, agent.forwardPort());
          long timeoutSeconds = Math.max(120, options.records() / 20_000);
          if (!sampler.awaitAllShipped(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the files did not hold " + options.records() + " records within "
                + timeoutSeconds + " s of the last ack; see " + work.resolve("agent.log"));
          }
          end = ProcStatus.read(pid);
          sampler.close();
          samples = sampler.samples();
        }
        double shipped = agent.shippedRecords();
        if (shipped != options.records()) {
          throw new IllegalStateException("the agent shipped " + (long) shipped + " records, not "
              + options.records());
        }
        Sample last = samples.get(samples.size() - 1);
        endNanos = last.nanos();
        double cpu = last.cpuSeconds() - cpuBefore;
        long peakAnon = samples.stream().mapToLong(Sample::rssAnonKib).max().orElse(0);
        agent.close();
        FileCount files = countFiles(work.resolve("files"));
        if (files.lines() != options.records()) {
          throw new IllegalStateException("the output files hold " + files.lines() + " records, not "
              + options.records());
        }
        double seconds = (endNanos - sent.startNanos()) / 1e9;
        return new RunFigures(options.records(), seconds, RunFigures.steadyRate(samples, options.records()),
            sent.wireBytes(), files.bytes(), cpu, idle.rssKib(), idle.rssAnonKib(), end.peakRssKib(),
            Math.max(peakAnon, end.rssAnonKib()), RunFigures.firstFileSeconds(samples, sent.startNanos()),
            (sent.lastAckNanos() - sent.startNanos()) / 1e9);
      }
    } finally {
      FileTree.delete(work);
    }
  }

  /** Lines and bytes of the finished files (not the temp file of one being written). */
  private record FileCount(long lines, long bytes) {}

  private static FileCount countFiles(Path root) throws IOException {
    long lines = 0;
    long bytes = 0;
    byte[] buffer = new byte[1 << 20];
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            bytes += read;
            for (int i = 0; i < read; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
    }
    return new FileCount(lines, bytes);
  }

  private static void printRun(String name, RunFigures run) {
    System.out.printf("%s: %,.0f records/s end to end (%.1f s), steady %,.0f records/s, %.1f MB/s sent"
            + " (%.1f MB/s of JSON lines), CPU %.2f cores = %.2f s per million records, idle RSS %d MiB"
            + " (RssAnon %d MiB), peak RSS %d MiB, peak RssAnon %d MiB; first file at %.1f s, last ack at %.1f s"
            + " (ingest %,.0f records/s)%n", name, run.recordsPerSecond(),
        run.seconds(), run.steadyRecordsPerSecond(), run.wireMegabytesPerSecond(), run.fileMegabytesPerSecond(),
        run.cpuCores(), run.cpuSecondsPerMillion(), run.idleRssKib() >> 10, run.idleRssAnonKib() >> 10,
        run.peakRssKib() >> 10, run.peakRssAnonKib() >> 10, run.firstFileSeconds(), run.lastAckSeconds(),
        run.records() / run.lastAckSeconds());
  }

  private static void printSummary(List<RunFigures> runs) {
    System.out.printf("%d runs, median (min-max):%n", runs.size());
    System.out.printf("  records/s end to end %s%n", spread(runs, RunFigures::recordsPerSecond, "%,.0f"));
    System.out.printf("  steady records/s     %s%n", spread(runs, RunFigures::steadyRecordsPerSecond, "%,.0f"));
    System.out.printf("  MB/s sent            %s%n", spread(runs, RunFigures::wireMegabytesPerSecond, "%.1f"));
    System.out.printf("  CPU cores            %s%n", spread(runs, RunFigures::cpuCores, "%.2f"));
    System.out.printf("  CPU s per M records  %s%n", spread(runs, RunFigures::cpuSecondsPerMillion, "%.2f"));
    System.out.printf("  idle RSS MiB         %s%n", spread(runs, run -> run.idleRssKib() >> 10, "%.0f"));
    System.out.printf("  idle RssAnon MiB     %s%n", spread(runs, run -> run.idleRssAnonKib() >> 10, "%.0f"));
    System.out.printf("  peak RSS MiB         %s%n", spread(runs, run -> run.peakRssKib() >> 10, "%.0f"));
    System.out.printf("  peak RssAnon MiB     %s%n", spread(runs, run -> run.peakRssAnonKib() >> 10, "%.0f"));
  }

  /** Measures both limits now (the agent is stopped) and writes the runs' rates as fractions of the tighter. */
  private static void printLimits(EndToEndOptions options, List<RunFigures> runs) throws Exception {
    RunFigures first = runs.get(0);
    double messages = (double) first.records() / options.batch();
    int frameBytes = (int) Math.round(first.wireBytes() / messages);
    double wirePerRecord = (double) first.wireBytes() / first.records();
    // The least the agent must write per record: its buffer entry (about the bytes received) and the JSON line.
    double diskPerRecord = wirePerRecord + (double) first.fileBytes() / first.records();
    double tcp = PhysicalLimits.loopbackTcpBytesPerSecond(frameBytes, options.limitSeconds());
    // A limit is the best the machine does: the virtual disk's rate varies from one write to the next (582 and
    // 1,020 MB/s in two runs of the same day), so the best of three.
    double[] disks = new double[3];
    for (int i = 0; i < disks.length; i++) {
      disks[i] = PhysicalLimits.sequentialWriteBytesPerSecond(options.work(), options.diskBytes());
    }
    double disk = Arrays.stream(disks).max().orElseThrow();
    double tcpRecords = tcp / wirePerRecord;
    double diskRecords = disk / diskPerRecord;
    double tighter = Math.min(tcpRecords, diskRecords);
    System.out.printf("limit, loopback TCP (one connection, %,d-byte frames, Java both ends): %.0f MB/s"
        + " = %,.0f records/s at %.1f bytes a record on the wire%n", frameBytes, tcp / 1e6, tcpRecords,
        wirePerRecord);
    System.out.printf("limit, sequential write in %s (%d MiB in 1 MiB blocks, then fsync; best of %.0f, %.0f,"
        + " %.0f MB/s): %.0f MB/s = %,.0f records/s at %.1f bytes a record (buffer entry + JSON line)%n",
        options.work(), options.diskBytes() >> 20, disks[0] / 1e6, disks[1] / 1e6, disks[2] / 1e6, disk / 1e6,
        diskRecords, diskPerRecord);
    double[] rates = sorted(runs, RunFigures::recordsPerSecond);
    double[] steady = sorted(runs, RunFigures::steadyRecordsPerSecond);
    System.out.printf("fraction of the tighter limit (%s, %,.0f records/s): end to end %.3f, steady %.3f%n",
        tcpRecords <= diskRecords ? "loopback TCP" : "disk", tighter, rates[rates.length / 2] / tighter,
        steady[steady.length / 2] / tighter);
  }

  /** The runs as a row of issue 14's table, to paste into docs/BENCHMARKS.md. */
  private static void printTableRow(EndToEndOptions options, List<RunFigures> runs) {
    double[] rates = sorted(runs, RunFigures::recordsPerSecond);
    System.out.printf("| Sluice (local output, fsync %s) | %,.0f (%,.0f-%,.0f) | %,.0f | %.2f cores | %.0f MiB"
            + " | %.0f MiB |%n", options.fsync(), rates[rates.length / 2], rates[0], rates[rates.length - 1],
        median(runs, RunFigures::steadyRecordsPerSecond), median(runs, RunFigures::cpuCores),
        median(runs, run -> run.peakRssKib() >> 10), median(runs, run -> run.peakRssAnonKib() >> 10));
  }

  private static double median(List<RunFigures> runs, ToDoubleFunction<RunFigures> figure) {
    double[] values = sorted(runs, figure);
    return values[values.length / 2];
  }

  private static String spread(List<RunFigures> runs, ToDoubleFunction<RunFigures> figure, String format) {
    double[] values = sorted(runs, figure);
    return String.format(format + " (" + format + "-" + format + ")", values[values.length / 2], values[0],
        values[values.length - 1]);
  }

  private static double[] sorted(List<RunFigures> runs, ToDoubleFunction<RunFigures> figure) {
    return runs.stream().mapToDouble(figure).sorted().toArray();
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
  }
}
