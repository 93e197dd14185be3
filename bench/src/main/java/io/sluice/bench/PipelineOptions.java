package io.sluice.bench;

import io.sluice.config.ByteSize;
import io.sluice.config.Durations;
import java.time.Duration;

/**
 * What a run of the load pipeline benchmark does; every value has a default matching docs/BENCHMARKS.md.
 *
 * @param connections concurrent HTTP connections
 * @param rate records per second over all connections together
 * @param requestRecords records per request
 * @param recordBytes approximate size of one JSON record as sent
 * @param duration how long records are sent
 * @param rollSize the S3 output's roll size
 * @param rollAge the S3 output's roll age
 * @param batchFiles the loader's batch size in files
 * @param batchTimeout the loader's batch timeout
 * @param scanInterval how often the loader looks for due batches
 */
record PipelineOptions(int connections, int rate, int requestRecords, int recordBytes, Duration duration,
    ByteSize rollSize, Duration rollAge, int batchFiles, Duration batchTimeout, Duration scanInterval) {

  private static final String KNOWN = "--connections --rate --request-records --record-bytes --seconds --roll-size"
      + " --roll-age --batch-files --batch-timeout --scan-interval";

  PipelineOptions {
    if (connections < 1 || rate < 1 || requestRecords < 1 || batchFiles < 1) {
      throw new IllegalArgumentException("--connections, --rate, --request-records and --batch-files must be > 0");
    }
  }

  static PipelineOptions parse(String[] args) {
    int connections = 4;
    int rate = 5_000;
    int requestRecords = 100;
    int recordBytes = 250;
    long seconds = 60;
    ByteSize rollSize = ByteSize.ofMebibytes(1);
    Duration rollAge = Duration.ofSeconds(2);
    int batchFiles = 10;
    Duration batchTimeout = Duration.ofSeconds(10);
    Duration scanInterval = Duration.ofSeconds(1);
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--connections" -> connections = Integer.parseInt(value);
        case "--rate" -> rate = Integer.parseInt(value);
        case "--request-records" -> requestRecords = Integer.parseInt(value);
        case "--record-bytes" -> recordBytes = Integer.parseInt(value);
        case "--seconds" -> seconds = Long.parseLong(value);
        case "--roll-size" -> rollSize = ByteSize.parse(value);
        case "--roll-age" -> rollAge = Durations.parse(value);
        case "--batch-files" -> batchFiles = Integer.parseInt(value);
        case "--batch-timeout" -> batchTimeout = Durations.parse(value);
        case "--scan-interval" -> scanInterval = Durations.parse(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + KNOWN + ")");
      }
    }
    return new PipelineOptions(connections, rate, requestRecords, recordBytes, Duration.ofSeconds(seconds),
        rollSize, rollAge, batchFiles, batchTimeout, scanInterval);
  }

  /** The time between two requests of one connection, so that all connections together send {@link #rate}. */
  long requestIntervalNanos() {
    return Math.round(1e9 * requestRecords * connections / rate);
  }

  /**
   * How long the last records may take to become rows once sending stops: the last file's roll, its batch's timeout
   * (whole seconds, then the next scan), and a generous allowance for the loads themselves.
   */
  Duration drainLimit() {
    return rollAge.plus(batchTimeout).plus(scanInterval.multipliedBy(2)).plusSeconds(1).plusMinutes(2);
  }
}
