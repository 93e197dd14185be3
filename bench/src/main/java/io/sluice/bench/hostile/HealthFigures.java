package io.sluice.bench.hostile;

/**
 * What the {@code /healthz} probe saw during a scenario.
 *
 * @param probes requests sent
 * @param failures requests not answered 200 in time
 * @param maxMillis the slowest answer (or time to giving up)
 */
record HealthFigures(long probes, long failures, long maxMillis) {

  static final HealthFigures NONE = new HealthFigures(0, 0, 0);

  boolean ran() {
    return probes > 0;
  }
}
