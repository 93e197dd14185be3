package io.sluice.loader.load;

import java.time.Instant;
import java.util.List;

/**
 * The embedded loader's state for {@code sluice status} and {@code /status}, as of its last scan.
 *
 * @param scannedAt when the prefixes were last scanned; null before the first scan
 * @param prefixes one entry per configured load prefix
 * @param clusters one entry per cluster endpoint the loads name
 */
public record LoaderStatus(Instant scannedAt, List<PrefixStatus> prefixes, List<ClusterStatus> clusters) {

  public LoaderStatus {
    prefixes = List.copyOf(prefixes);
    clusters = List.copyOf(clusters);
  }

  /**
   * One load prefix.
   *
   * @param s3Prefix the prefix ({@code bucket/path})
   * @param openBatches open batches (the current one and any orphan)
   * @param dueBatches open batches due by count, bytes or age, not yet locked
   * @param lockedBatches batches locked (loading, or waiting for a cluster)
   * @param oldestDue when the oldest batch that is due or locked became due (its first file plus the timeout, or
   *     the lock time); null when none is
   */
  public record PrefixStatus(String s3Prefix, int openBatches, int dueBatches, int lockedBatches,
      Instant oldestDue) {}

  /**
   * One cluster endpoint.
   *
   * @param endpoint the cluster's endpoint name
   * @param available false while an outage is being waited out
   * @param outageSince when the current outage began; null while available
   * @param reason the last outage error (SQLState and message, secrets redacted); null while available
   * @param waitingLoads batch loads waiting for this cluster
   * @param nextAttempt when the next attempt is scheduled during an outage; null while available
   */
  public record ClusterStatus(String endpoint, boolean available, Instant outageSince, String reason,
      int waitingLoads, Instant nextAttempt) {}
}
