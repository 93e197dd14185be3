package io.sluice.bench;

import java.time.Duration;

/**
 * What a benchmark run does; every value has a default matching the figures in docs/BENCHMARKS.md.
 *
 * @param connections concurrent client connections
 * @param batchSize records per request
 * @param recordBytes approximate size of one JSON record
 * @param warmup time spent before measuring, so the JIT and the page cache settle
 * @param duration time measured
 * @param fsync the buffer's fsync policy
 */
record BenchmarkOptions(int connections, int batchSize, int recordBytes, Duration warmup, Duration duration,
    String fsync) {

  /** Options with the HTTP benchmark's defaults: 8 connections, 100 records per request. */
  static BenchmarkOptions parse(String[] args) {
    return parse(args, 8, 100);
  }

  /** Options with the given default connections and records per request or chunk. */
  static BenchmarkOptions parse(String[] args, int defaultConnections, int defaultBatchSize) {
    int connections = defaultConnections;
    int batchSize = defaultBatchSize;
    int recordBytes = 250;
    long warmupSeconds = 5;
    long seconds = 20;
    String fsync = "never";
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--connections" -> connections = Integer.parseInt(value);
        case "--batch" -> batchSize = Integer.parseInt(value);
        case "--record-bytes" -> recordBytes = Integer.parseInt(value);
        case "--warmup" -> warmupSeconds = Long.parseLong(value);
        case "--seconds" -> seconds = Long.parseLong(value);
        case "--fsync" -> fsync = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (known: --connections --batch --record-bytes --warmup --seconds --fsync)");
      }
    }
    return new BenchmarkOptions(connections, batchSize, recordBytes, Duration.ofSeconds(warmupSeconds),
        Duration.ofSeconds(seconds), fsync);
  }
}
