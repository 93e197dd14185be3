package io.sluice.bench.hostile;

import io.sluice.bench.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one control client has sent, had acknowledged and waited, as it goes; thread-safe. A record acknowledged twice
 * (a resent chunk) counts once.
 */
final class ControlTally {

  private final List<Long> latencies = new ArrayList<>();
  private final Set<String> ackedIds = new LinkedHashSet<>();
  private final Map<String, Integer> failureReasons = new TreeMap<>();
  private long sent;
  private long failures;

  synchronized void sent(int records) {
    sent += records;
  }

  synchronized void acked(List<String> ids, long millis) {
    ackedIds.addAll(ids);
    latencies.add(millis);
  }

  /** A chunk or request that failed after {@code millis}; its wait counts in the latencies too. */
  synchronized void failed(long millis, String reason) {
    failures++;
    latencies.add(millis);
    failureReasons.merge(reason, 1, Integer::sum);
  }

  /** How many chunks or requests failed, by what the client saw (a status, an exception), for the report. */
  synchronized Map<String, Integer> failureReasons() {
    return Map.copyOf(failureReasons);
  }

  synchronized List<String> ackedIds() {
    return List.copyOf(ackedIds);
  }

  /** The figures so far, before anything is known of what landed. */
  synchronized ControlFigures figures() {
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long p50 = sorted.length == 0 ? 0 : Percentiles.of(sorted, 0.5);
    long max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    return new ControlFigures(sent, ackedIds.size(), failures, p50, max, 0, 0);
  }
}
