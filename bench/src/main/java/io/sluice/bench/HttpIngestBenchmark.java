package io.sluice.bench;

import io.sluice.agent.daemon.Agent;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP ingest throughput of a real agent on loopback: N connections each POST JSON arrays of records as fast as the
 * agent acknowledges them (every 200 means the batch is in the durable buffer), while the agent also rolls the
 * records into JSON-lines files. Prints records/s, MB/s, request latency percentiles and memory.
 */
public final class HttpIngestBenchmark {

  private HttpIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    Path work = Files.createTempDirectory("sluice-bench-");
    SluiceConfig config = new ConfigLoader(Map.of()).parse("<benchmark>", agentConfig(work, options), work);
    byte[] body = RecordGenerator.jsonArray(options.batchSize(), options.recordBytes());

    try (Agent agent = new Agent(config)) {
      agent.start();
      URI uri = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
      System.out.printf("HTTP ingest: %d connections, %d records of ~%d bytes per request (%d bytes), fsync %s%n",
          options.connections(), options.batchSize(), options.recordBytes(), body.length, options.fsync());
      LoadPhase.run("warm-up", options.connections(), options.warmup(),
          (connection, deadline, failures) -> postUntil(uri, body, deadline, failures));
      double shippedBefore = Backlog.shippedRecords(agent.metrics());
      Measurement result = LoadPhase.run("measure", options.connections(), options.duration(),
          (connection, deadline, failures) -> postUntil(uri, body, deadline, failures));
      result.print(options.batchSize(), body.length);
      Backlog.print(agent.metrics(), shippedBefore, result.seconds());
      MemoryReport.print();
    } finally {
      FileTree.delete(work);
    }
  }

  private static String agentConfig(Path work, BenchmarkOptions options) {
    return """
        inputs:
          forward: {enabled: false}
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
          max_bytes: 16GiB
          fsync: %s
        outputs:
          - name: local
            type: local
            directory: %s
            roll: {size: 64MiB, age: 30s}
        admin: {enabled: false}
        """.formatted(work.resolve("buffer"), options.fsync(), work.resolve("files"));
  }

  /** One connection: posts back to back until the deadline, returning each request's latency in nanoseconds. */
  private static long[] postUntil(URI uri, byte[] body, long deadline, AtomicInteger failures) throws Exception {
    LatencyLog log = new LatencyLog();
    try (KeepAliveHttpConnection connection = KeepAliveHttpConnection.open(uri)) {
      while (System.nanoTime() < deadline) {
        long sent = System.nanoTime();
        int status = connection.post("/bench.access", "application/json", body).status();
        if (status == 200) {
          log.add(System.nanoTime() - sent);
        } else {
          failures.incrementAndGet();
        }
      }
    }
    return log.toArray();
  }
}
