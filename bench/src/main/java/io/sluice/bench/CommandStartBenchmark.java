package io.sluice.bench;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long the {@code sluice} command takes to start and answer: {@code --version}, and {@code batches list} of
 * one status and of all (one query each) against DynamoDB Local (in this JVM, so it shares the cores), each run through the distribution's {@code bin/sluice} as a process of its own under
 * GNU time, as an operator runs them. Prints wall time, CPU and peak RSS as min / median / max.
 *
 * <p>Run with {@code mvn -B -ntp -q -Pbench -pl bench -am verify -DskipTests
 * -Dbench.main=io.sluice.bench.CommandStartBenchmark}; {@code -Dbench.args="--runs 20 --dist DIR"} to change the
 * number of runs (10) or the distribution (packaging/target/sluice).
 */
public final class CommandStartBenchmark {

  private static final Path TIME = Path.of("/usr/bin/time");

  private CommandStartBenchmark() {}

  /** One run's figures, as GNU time reports them. */
  private record Sample(double wallSeconds, double cpuSeconds, long peakKib) {}

  public static void main(String[] args) {
    int status;
    try {
      run(args);
      status = 0;
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static void run(String[] args) throws Exception {
    int runs = 10;
    Path dist = Path.of("../packaging/target/sluice");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--dist" -> dist = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --runs N, --dist DIR");
      }
    }
    Path launcher = dist.resolve("bin/sluice").toAbsolutePath().normalize();
    if (!Files.isExecutable(TIME)) {
      throw new IllegalStateException(TIME + " (Debian's package time) is needed to measure each process");
    }
    LocalDynamoDb dynamo = LocalDynamoDbExtension.sharedInstance();
    String endpoint = dynamo.endpoint().toString();
    List<String> tracker = List.of("--endpoint", endpoint, "--region", "us-east-1");
    measure(launcher, join(List.of("loader", "setup"), tracker), 0, 1);

    System.out.printf("Command start: %s, %d runs each after one warm-up, class archive %s%n", launcher, runs,
        Files.exists(launcher.getParent().resolveSibling("lib/sluice.jsa")) ? "present" : "absent");
    report("sluice --version", measure(launcher, List.of("--version"), 1, runs));
    report("sluice batches list --status open", measure(launcher,
        join(List.of("batches", "list", "--status", "open"), tracker), 1, runs));
    report("sluice batches list (all six statuses)", measure(launcher, join(List.of("batches", "list"), tracker), 1,
        runs));
  }

  private static List<Sample> measure(Path launcher, List<String> args, int warmups, int runs) throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < warmups + runs; i++) {
      Sample sample = once(launcher, args);
      if (i >= warmups) {
        samples.add(sample);
      }
    }
    return samples;
  }

  private static Sample once(Path launcher, List<String> args) throws IOException, InterruptedException {
    Path figures = Files.createTempFile("sluice-start", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of(TIME.toString(), "-o", figures.toString(), "-f", "%e %U %S %M",
          launcher.toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "bench");
      builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "bench");
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("sluice " + String.join(" ", args) + " did not finish in 2 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("sluice " + String.join(" ", args) + " exited " + process.exitValue());
      }
      String[] fields = Files.readAllLines(figures).get(0).trim().split(" ");
      return new Sample(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]),
          Long.parseLong(fields[3]));
    } finally {
      Files.deleteIfExists(figures);
    }
  }

  private static void report(String name, List<Sample> samples) {
    double[] wall = samples.stream().mapToDouble(Sample::wallSeconds).sorted().toArray();
    double[] cpu = samples.stream().mapToDouble(Sample::cpuSeconds).sorted().toArray();
    double[] rss = samples.stream().mapToDouble(sample -> sample.peakKib() / 1024.0).sorted().toArray();
    System.out.printf("%-40s wall %s s   cpu %s s   peak RSS %s MiB%n", name, spread(wall, "%.2f"),
        spread(cpu, "%.2f"), spread(rss, "%.0f"));
  }

  /** {@code min / median / max} of sorted values. */
  private static String spread(double[] sorted, String format) {
    return String.format(format + " / " + format + " / " + format, sorted[0], sorted[sorted.length / 2],
        sorted[sorted.length - 1]);
  }

  private static List<String> join(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
