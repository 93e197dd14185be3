package io.sluice.bench.hostile;

/**
 * What one control client saw during a scenario, and, once the agents have stopped, what of it landed.
 *
 * @param sent records the client sent (acknowledged or not)
 * @param acked records the agent acknowledged
 * @param failures requests or chunks that failed or timed out (connection refused, reset, no ack in time)
 * @param p50Millis median time from send to ack, timed-out attempts included
 * @param maxMillis longest time from send to ack (or to giving up)
 * @param landed acknowledged records found in the output files at least once
 * @param duplicates extra copies of acknowledged records in the output files
 */
record ControlFigures(long sent, long acked, long failures, long p50Millis, long maxMillis, long landed,
    long duplicates) {

  /** A client that did not run in the scenario. */
  static final ControlFigures NONE = new ControlFigures(0, 0, 0, 0, 0, 0, 0);

  /** Acknowledged records that never reached the output: each one is a record the agent dropped after its ack. */
  long lost() {
    return acked - landed;
  }

  boolean ran() {
    return sent > 0 || failures > 0;
  }

  ControlFigures withLanding(long landedRecords, long duplicateRecords) {
    return new ControlFigures(sent, acked, failures, p50Millis, maxMillis, landedRecords, duplicateRecords);
  }
}
