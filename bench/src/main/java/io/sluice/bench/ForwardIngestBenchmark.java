package io.sluice.bench;

import io.sluice.agent.daemon.Agent;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Forward-protocol ingest throughput of a real agent on loopback: N connections each send PackedForward chunks
 * with {@code chunk} set and wait for each ack (sent only once the chunk is in the durable buffer), as Fluentd's
 * out_forward does with require_ack_response. Prints records/s, MB/s, ack latency percentiles and memory.
 */
public final class ForwardIngestBenchmark {

  private ForwardIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args, 4, 1_000);
    Path work = Files.createTempDirectory("sluice-bench-");
    SluiceConfig config = new ConfigLoader(Map.of()).parse("<benchmark>", agentConfig(work, options), work);
    byte[] entries = PackedForwardChunks.entries(options.batchSize(), options.recordBytes());

    try (Agent agent = new Agent(config)) {
      agent.start();
      int port = agent.forwardPort().orElseThrow();
      System.out.printf("Forward ingest: %d connections, PackedForward chunks of %d records of ~%d bytes"
          + " (%d bytes of entries), ack on, fsync %s%n", options.connections(), options.batchSize(),
          options.recordBytes(), entries.length, options.fsync());
      LoadPhase.run("warm-up", options.connections(), options.warmup(),
          (connection, deadline, failures) -> sendUntil(port, connection, entries, options.batchSize(), deadline));
      double shippedBefore = Backlog.shippedRecords(agent.metrics());
      Measurement result = LoadPhase.run("measure", options.connections(), options.duration(),
          (connection, deadline, failures) -> sendUntil(port, connection, entries, options.batchSize(), deadline));
      result.print(options.batchSize(), entries.length);
      Backlog.print(agent.metrics(), shippedBefore, result.seconds());
      MemoryReport.print();
    } finally {
      FileTree.delete(work);
    }
  }

  private static String agentConfig(Path work, BenchmarkOptions options) {
    return """
        inputs:
          forward: {bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {enabled: false}
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

  /** One connection: sends chunk after chunk until the deadline, returning each chunk's time to its ack. */
  private static long[] sendUntil(int port, int connection, byte[] entries, int records, long deadline)
      throws Exception {
    LatencyLog log = new LatencyLog();
    try (ForwardConnection forward = ForwardConnection.open(port)) {
      for (long chunk = 0; System.nanoTime() < deadline; chunk++) {
        long sent = System.nanoTime();
        forward.sendAcked("bench.forward", entries, records, "c" + connection + "-" + chunk);
        log.add(System.nanoTime() - sent);
      }
    }
    return log.toArray();
  }
}
