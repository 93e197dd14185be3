package io.sluice.agent.output;

import io.sluice.agent.output.retry.FailureReason;
import java.time.Clock;
import java.time.Instant;

/**
 * What one destination's thread reports about itself for status, metrics and readiness: the failure it is retrying
 * now and since when, when it last made progress and last uploaded, and how many files are open, uploading,
 * waiting and quarantined. Written by the destination's thread, read by scrapes and probes.
 */
final class DestinationHealth {

  private final Clock clock;
  private FailureReason failure;
  private Instant failingSince;
  private Instant lastUpload;
  private Instant lastProgress;
  private int filesOpen;
  private int filesUploading;
  private int filesWaiting;
  private long filesQuarantined;

  DestinationHealth(Clock clock) {
    this.clock = clock;
    this.lastProgress = clock.instant();
  }

  /** One consistent reading of the health. */
  record Snapshot(FailureReason failure, Instant failingSince, Instant lastUpload, Instant lastProgress,
      int filesOpen, int filesUploading, int filesWaiting, long filesQuarantined) {}

  synchronized Snapshot snapshot() {
    return new Snapshot(failure, failingSince, lastUpload, lastProgress, filesOpen, filesUploading, filesWaiting,
        filesQuarantined);
  }

  /** The destination is failing for {@code reason}; the run of failures began at the first one. */
  synchronized void failing(FailureReason reason) {
    if (failure == null) {
      failingSince = clock.instant();
    }
    failure = reason;
  }

  /** An attempt succeeded: whatever was failing is over. */
  synchronized void recovered() {
    failure = null;
    failingSince = null;
  }

  /** The store confirmed a file. */
  synchronized void uploaded() {
    lastUpload = clock.instant();
  }

  /** The destination shipped, quarantined or skipped past something: its resume position moved. */
  synchronized void progressed() {
    lastProgress = clock.instant();
  }

  synchronized void quarantined() {
    filesQuarantined++;
  }

  synchronized void open(int files) {
    filesOpen = files;
  }

  synchronized void waiting(int files) {
    filesWaiting = files;
  }

  synchronized void uploading(boolean now) {
    filesUploading = now ? 1 : 0;
  }
}
