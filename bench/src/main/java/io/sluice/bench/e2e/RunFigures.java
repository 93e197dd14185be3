package io.sluice.bench.e2e;

import java.util.List;

/**
 * One end-to-end run's figures.
 *
 * @param records records sent and found in the files
 * @param seconds first byte sent to the last record in a confirmed file
 * @param steadyRecordsPerSecond the rate over the middle 60% of the records (from 20% shipped to 80%)
 * @param wireBytes bytes fwdgen sent
 * @param fileBytes bytes of the output files
 * @param cpuSeconds the agent's CPU time over {@code seconds}
 * @param idleRssKib the agent's resident set after start, before load
 * @param idleRssAnonKib its anonymous part then
 * @param peakRssKib VmHWM at the end
 * @param peakRssAnonKib the largest RssAnon sampled
 * @param firstFileSeconds from the first byte sent until the first file was confirmed
 * @param lastAckSeconds from the first byte sent until the last ack (every record in the buffer)
 */
record RunFigures(long records, double seconds, double steadyRecordsPerSecond, long wireBytes, long fileBytes,
    double cpuSeconds, long idleRssKib, long idleRssAnonKib, long peakRssKib, long peakRssAnonKib,
    double firstFileSeconds, double lastAckSeconds) {

  double recordsPerSecond() {
    return records / seconds;
  }

  double wireMegabytesPerSecond() {
    return wireBytes / seconds / 1e6;
  }

  double fileMegabytesPerSecond() {
    return fileBytes / seconds / 1e6;
  }

  double cpuCores() {
    return cpuSeconds / seconds;
  }

  double cpuSecondsPerMillion() {
    return cpuSeconds / (records / 1e6);
  }

  /**
   * The rate between the samples where 20% and 80% of the records were shipped: the middle 60%, without the JIT's
   * warm-up at the start or the last file's roll age at the end.
   */
  static double steadyRate(List<Sample> samples, long records) {
    Sample from = firstReaching(samples, records * 0.2);
    Sample to = firstReaching(samples, records * 0.8);
    if (from == null || to == null || to.nanos() <= from.nanos()) {
      return Double.NaN;
    }
    return (to.shippedRecords() - from.shippedRecords()) / ((to.nanos() - from.nanos()) / 1e9);
  }

  /** When the first file was confirmed, in seconds after {@code startNanos}; NaN if none was. */
  static double firstFileSeconds(List<Sample> samples, long startNanos) {
    Sample first = firstReaching(samples, 1);
    return first == null ? Double.NaN : (first.nanos() - startNanos) / 1e9;
  }

  private static Sample firstReaching(List<Sample> samples, double shipped) {
    return samples.stream().filter(sample -> sample.shippedRecords() >= shipped).findFirst().orElse(null);
  }
}
