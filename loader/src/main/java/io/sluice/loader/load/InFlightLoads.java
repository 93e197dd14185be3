package io.sluice.loader.load;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The batches this loader has taken on and not finished, so each is flushed once, and so a stop can drain them. */
final class InFlightLoads {

  private final Map<Key, Instant> started = new HashMap<>();

  /** Takes on batch {@code batchId} of {@code s3Prefix}; false when it is in flight already. */
  synchronized boolean start(String s3Prefix, String batchId, Instant now) {
    return started.putIfAbsent(key(s3Prefix, batchId), now) == null;
  }

  synchronized void done(String s3Prefix, String batchId) {
    started.remove(key(s3Prefix, batchId));
    notifyAll();
  }

  /** When the oldest in-flight batch of {@code s3Prefix} was taken on; null when none is. */
  synchronized Instant oldest(String s3Prefix) {
    return started.entrySet().stream().filter(entry -> entry.getKey().s3Prefix().equals(s3Prefix))
        .map(Map.Entry::getValue).min(Instant::compareTo).orElse(null);
  }

  /** Waits up to {@code timeout} until nothing is in flight; false when something still is. */
  synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!started.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private static Key key(String s3Prefix, String batchId) {
    return new Key(s3Prefix, batchId);
  }

  private record Key(String s3Prefix, String batchId) {
  }
}
