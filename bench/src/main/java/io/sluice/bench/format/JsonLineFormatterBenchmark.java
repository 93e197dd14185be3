package io.sluice.bench.format;

import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.PackedEntries;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.output.format.FormatResult;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.agent.output.format.LineSink;
import io.sluice.agent.output.format.RejectSink;
import io.sluice.config.output.RecordFormatConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH microbenchmark of {@link JsonLineFormatter} on one thread, with the default format config: a PackedForward chunk
 * of 1,000 access-log records (msgpack, as the forward input stores it) and an HTTP batch of 100 of them (JSON, as the
 * HTTP input stores it). {@link #main} prints MB/s of JSON output per core. Run it with
 * {@code mvn -B -ntp -q -Pbench -pl bench -am verify -DskipTests
 * -Dbench.main=io.sluice.bench.format.JsonLineFormatterBenchmark} (any JMH options in {@code -Dbench.args}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
public class JsonLineFormatterBenchmark {

  /** Which records: "msgpack" (PackedForward entries) or "json" (HTTP records). */
  @Param({"msgpack", "json"})
  public String records;

  private static final RejectSink NO_REJECTS = (bytes, offset, length, problem) -> {
    throw new IllegalStateException("a benchmark record was rejected: " + problem);
  };

  private final JsonLineFormatter formatter = new JsonLineFormatter(new RecordFormatConfig(null, null, null));
  private final CopyingSink sink = new CopyingSink();
  private EventBatch batch;

  @Setup(Level.Trial)
  public void setUp() {
    batch = batch(records);
  }

  /** Formats one batch; its lines are copied into a reused buffer, as the file writer copies them. */
  @Benchmark
  public long format() throws IOException {
    FormatResult result = formatter.format(batch, sink, NO_REJECTS);
    return result.records() + sink.position;
  }

  static EventBatch batch(String records) {
    if ("msgpack".equals(records)) {
      return new PackedEntries("bench.access", 1_000, AccessLogRecords.packedEntries(1_000, 14));
    }
    Random random = new Random(14);
    List<Record> list = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      list.add(new Record(1_795_619_509_123_456_789L + i * 1_000_000L, RecordEncoding.JSON,
          AccessLogRecords.json(random)));
    }
    return new RecordBatch("bench.access", list);
  }

  /** Bytes of JSON lines one batch becomes. */
  static long outputBytes(String records) throws IOException {
    CopyingSink sink = new CopyingSink();
    new JsonLineFormatter(new RecordFormatConfig(null, null, null)).format(batch(records), sink,
        NO_REJECTS);
    return sink.total;
  }

  /** Runs the benchmark and prints MB/s of JSON output per core for each kind of record. */
  public static void main(String[] args) throws RunnerException, IOException, CommandLineOptionException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .include(JsonLineFormatterBenchmark.class.getName())
        .build()).run();
    for (RunResult result : results) {
      String kind = result.getParams().getParam("records");
      double batches = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      long bytes = outputBytes(kind);
      int records = batch(kind).eventCount();
      System.out.printf(Locale.ROOT, "formatter %s: %.1f MB/s of JSON output per core (± %.1f), %,.0f records/s,"
              + " %d-byte lines on average%n", kind, batches * bytes / 1e6, error * bytes / 1e6, batches * records,
          bytes / records);
    }
  }

  /** Copies each line into one reused buffer, wrapping around, and counts the bytes. */
  static final class CopyingSink implements LineSink {
    private final byte[] buffer = new byte[1 << 20];
    long position;
    long total;

    @Override
    public void line(byte[] bytes, int length, long epochNanos) {
      if (position + length > buffer.length) {
        position = 0;
      }
      System.arraycopy(bytes, 0, buffer, (int) position, length);
      position += length;
      total += length;
    }
  }
}
