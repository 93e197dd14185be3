package io.sluice.bench;

import io.sluice.agent.daemon.Agent;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole load pipeline of one agent on the testkit's stand-ins (S3Proxy, DynamoDB Local, the Redshift stand-in),
 * in this JVM: HTTP in at a fixed rate, files rolled into S3, each registered in the tracker, batches COPYed by the
 * embedded loader. Waits until every accepted record is a row, then prints the counts, the latency from upload to
 * committed COPY per file and from send to row per record, the loads' durations, the DynamoDB and S3 calls per
 * registered file and per batch by caller, and memory. Exits with 1 when rows and accepted records differ.
 */
public final class LoadPipelineBenchmark {

  private static final long POLL_MILLIS = 500;

  private LoadPipelineBenchmark() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(PipelineOptions.parse(args)) ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // The stand-ins run non-daemon threads; they stop from the JVM shutdown hooks the testkit registers.
    System.exit(status);
  }

  /** Runs the benchmark and prints its figures; false when the rows do not match the accepted records. */
  private static boolean run(PipelineOptions options) throws Exception {
    // S3 first: the Redshift stand-in's COPY reads from it.
    LocalS3 s3 = LocalS3Extension.sharedInstance();
    LocalDynamoDb dynamo = LocalDynamoDbExtension.sharedInstance();
    LocalRedshift redshift = LocalRedshiftExtension.sharedInstance();
    LoadPipeline pipeline = LoadPipeline.create(dynamo, s3, redshift);
    TargetTable target = new TargetTable(redshift, pipeline.table());
    Path work = Files.createTempDirectory("sluice-bench-");
    try {
      SluiceConfig config = pipeline.agentConfig(work, options);
      BatchTable batches = new BatchTable(dynamo.client(), config.tracker().tables(), Clock.systemUTC());
      try (Agent agent = new Agent(config)) {
        long started = System.nanoTime();
        agent.start();
        URI uri = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
        System.out.printf("Load pipeline: %d connections at %,d records/s of ~%d bytes (%d per request) for %d s;"
            + " roll %s / %s, batches of %d files / %s, scan every %s%n", options.connections(), options.rate(),
            options.recordBytes(), options.requestRecords(), options.duration().toSeconds(), options.rollSize(),
            Durations.format(options.rollAge()), options.batchFiles(), Durations.format(options.batchTimeout()),
            Durations.format(options.scanInterval()));
        Measurement sent = LoadPhase.run("send", options.connections(), options.duration(),
            (connection, deadline, failures) -> sendAtRate(uri, connection, options, deadline, failures));
        sent.print(options.requestRecords(), TimedRecords.jsonArray(0, 0, options.requestRecords(),
            options.recordBytes(), System.currentTimeMillis()).length);
        long accepted = sent.requests() * options.requestRecords();

        PipelineMetrics metrics = new PipelineMetrics(agent.metrics());
        long sendingStopped = System.nanoTime();
        BatchFigures figures = awaitLoaded(options, accepted, target, batches, pipeline.s3Prefix(), metrics);
        System.out.printf("drained %.1f s after sending stopped%n", (System.nanoTime() - sendingStopped) / 1e9);
        // Taken before the reads below, which are the benchmark's and not the pipeline's.
        Map<CallTally.Call, CallTally.Count> calls = CallTally.snapshot();
        double agentSeconds = (System.nanoTime() - started) / 1e9;
        return report(options, accepted, target, figures, metrics, calls, agentSeconds);
      }
    } finally {
      FileTree.delete(work);
    }
  }

  /**
   * Polls until every accepted record is a row, no batch is open or locked, and the loader's metrics count every
   * loaded batch; gives up after {@link PipelineOptions#drainLimit()} and returns what the table says then.
   */
  private static BatchFigures awaitLoaded(PipelineOptions options, long accepted, TargetTable target,
      BatchTable batches, String s3Prefix, PipelineMetrics metrics) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + options.drainLimit().toNanos();
    while (true) {
      BatchFigures figures = BatchFigures.of(batches.listByPrefix(s3Prefix), options.batchFiles());
      boolean loaded = target.rows() >= accepted && figures.settled()
          && metrics.batchesLoaded() == figures.complete();
      if (loaded || System.nanoTime() > deadline) {
        return figures;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }

  private static boolean report(PipelineOptions options, long accepted, TargetTable target, BatchFigures figures,
      PipelineMetrics metrics, Map<CallTally.Call, CallTally.Count> calls, double agentSeconds) throws Exception {
    long rows = target.rows();
    long distinct = target.distinctRecords();
    long registered = metrics.filesRegistered();
    System.out.printf("records: %,d accepted, %,d rows loaded (%,d distinct records)%n", accepted, rows, distinct);
    System.out.printf("files: %,d registered%n", registered);
    figures.print(options.batchFiles());
    System.out.printf("send to row written by the COPY, per record (%,d rows): %s%n", rows,
        Percentiles.secondsOfMillis(target.recordLatenciesMillis()));
    metrics.printLoadDurations();
    CallReport callReport = new CallReport(calls, registered, figures.complete(), agentSeconds);
    callReport.print("DynamoDb", "DynamoDB", "registrar");
    callReport.print("S3", "S3", "output uploads");
    MemoryReport.print();

    List<String> mismatches = new ArrayList<>();
    if (rows != accepted || distinct != accepted) {
      mismatches.add(String.format("%,d records accepted but %,d rows loaded (%,d distinct)", accepted, rows,
          distinct));
    }
    if (registered != figures.filesLoaded()) {
      mismatches.add(String.format("%,d files registered but %,d loaded", registered, figures.filesLoaded()));
    }
    if (figures.failed() > 0 || figures.pending() > 0) {
      mismatches.add(String.format("%,d batches failed and %,d still pending", figures.failed(), figures.pending()));
    }
    mismatches.forEach(mismatch -> System.out.println("!!! MISMATCH: " + mismatch + " !!!"));
    return mismatches.isEmpty();
  }

  /**
   * One connection: posts a request of records every {@link PipelineOptions#requestIntervalNanos()} until the
   * deadline, the connections staggered evenly; returns each request's latency. A late request is sent at once,
   * so the rate holds as long as the agent keeps up.
   */
  private static long[] sendAtRate(URI uri, int connection, PipelineOptions options, long deadline,
      AtomicInteger failures) throws Exception {
    LatencyLog log = new LatencyLog();
    long interval = options.requestIntervalNanos();
    long next = System.nanoTime() + interval * connection / options.connections();
    long seq = 0;
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(uri)) {
      while (next < deadline) {
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        byte[] body = TimedRecords.jsonArray(connection, seq, options.requestRecords(), options.recordBytes(),
            System.currentTimeMillis());
        seq += options.requestRecords();
        long posted = System.nanoTime();
        if (http.post("/" + LoadPipeline.TAG, "application/json", body).status() == 200) {
          log.add(System.nanoTime() - posted);
        } else {
          failures.incrementAndGet();
        }
        next += interval;
      }
    }
    return log.toArray();
  }
}
