package io.sluice.loader.load;

import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.load.LoaderStatus.PrefixStatus;
import io.sluice.loader.retry.FailureLog;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigItem;
import io.sluice.loader.tracker.ConfigTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Finds due batches by itself, so a batch past its timeout is loaded without waiting for a next file (the Lambda's
 * H6): each scan looks at the current batch of every configured prefix and at every open batch of those prefixes
 * (orphans included, H5), and hands each due one to the batch-step pool once, which locks it at once whatever its
 * clusters are doing. Also counts stale locks, and keeps each prefix's state for {@code /status} and the metrics.
 */
final class LoadScheduler {

  private static final Logger log = LoggerFactory.getLogger(LoadScheduler.class);

  private final FailureLog scanFailures = new FailureLog(log);
  private final FailureLog lockFailures = new FailureLog(log);

  private final Map<String, LoadConfig> loads;
  private final BatchTable batches;
  private final ConfigTable configs;
  private final BatchLoader loader;
  private final LoaderThreads threads;
  private final LoaderMetrics metrics;
  private final Clock clock;
  private final Duration staleLockAfter;
  private final InFlightLoads inFlight = new InFlightLoads();
  private final AtomicReference<Instant> scannedAt = new AtomicReference<>();
  private final Map<String, PrefixStatus> prefixes = new ConcurrentHashMap<>();
  private final Set<String> reportedStale = ConcurrentHashMap.newKeySet();
  private final Set<String> reportedUnconfigured = ConcurrentHashMap.newKeySet();

  LoadScheduler(List<LoadConfig> loads, BatchTable batches, ConfigTable configs, BatchLoader loader,
      LoaderThreads threads, LoaderMetrics metrics, Clock clock, Duration staleLockAfter) {
    this.loads = loads.stream().collect(Collectors.toMap(LoadConfig::s3Prefix, Function.identity(),
        (a, b) -> a, LinkedHashMap::new));
    this.batches = batches;
    this.configs = configs;
    this.loader = loader;
    this.threads = threads;
    this.metrics = metrics;
    this.clock = clock;
    this.staleLockAfter = staleLockAfter;
  }

  /** One scan; failures are counted and logged, and the next scan tries again. */
  void scan() {
    try {
      scanOnce();
      scanFailures.recovered("Scans for due batches work again");
    } catch (RuntimeException e) {
      metrics.scanFailed();
      scanFailures.failed(Level.WARN, "scan", "Scan for due batches failed; retrying at the next scan: {}",
          e.toString());
    }
  }

  private void scanOnce() {
    Instant now = clock.instant();
    Map<String, List<BatchItem>> open = byPrefix(batches.queryByStatus(BatchStatus.OPEN, null, null));
    Map<String, List<BatchItem>> locked = byPrefix(batches.queryByStatus(BatchStatus.LOCKED, null, null));
    for (LoadConfig load : loads.values()) {
      String prefix = load.s3Prefix();
      Map<String, BatchItem> candidates = new LinkedHashMap<>();
      Optional<ConfigItem> config = configs.read(prefix);
      if (config.isEmpty()) {
        if (reportedUnconfigured.add(prefix)) {
          log.warn("No config item for {} in the tracker; nothing is registered there until it exists", prefix);
        }
      } else {
        reportedUnconfigured.remove(prefix);
        // Read consistently: the index lags, and the current batch is the one most likely due.
        batches.get(prefix, config.get().currentBatch())
            .filter(batch -> batch.status() == BatchStatus.OPEN)
            .ifPresent(batch -> candidates.put(batch.batchId(), batch));
      }
      for (BatchItem batch : open.getOrDefault(prefix, List.of())) {
        candidates.putIfAbsent(batch.batchId(), batch);
      }
      int due = 0;
      Instant oldestDue = inFlight.oldest(prefix);
      for (BatchItem batch : candidates.values()) {
        Optional<String> reason = FlushRules.due(batch, load.batch(), now);
        if (reason.isPresent()) {
          due++;
          Instant since = dueSince(batch, load, now);
          oldestDue = oldestDue == null || since.isBefore(oldestDue) ? since : oldestDue;
          submit(load, batch.batchId(), reason.get());
        }
      }
      PrefixStatus status = new PrefixStatus(prefix, candidates.size(), due,
          locked.getOrDefault(prefix, List.of()).size(), oldestDue);
      prefixes.put(prefix, status);
      metrics.prefix(status, now);
    }
    scannedAt.set(now);
    countStaleLocks(now, locked);
  }

  /** When a due batch became due: its first file plus the timeout when its age made it due, else its last add. */
  private static Instant dueSince(BatchItem batch, LoadConfig load, Instant now) {
    Instant first = batch.firstWrite();
    if (FlushRules.full(batch.entries().size(), batch.size(), load.batch()).isEmpty() && first != null) {
      return first.plus(load.batch().timeout());
    }
    Instant last = batch.lastUpdateTime();
    return last != null && last.isBefore(now) ? last : now;
  }

  /** The prefixes as of the last scan, in configuration order (empty counts before the first scan). */
  List<PrefixStatus> prefixStatuses() {
    return loads.keySet().stream()
        .map(prefix -> prefixes.getOrDefault(prefix, new PrefixStatus(prefix, 0, 0, 0, null)))
        .toList();
  }

  /** When the prefixes were last scanned; null before the first scan. */
  Instant scannedAt() {
    return scannedAt.get();
  }

  /** Waits up to {@code timeout} for every flush taken on to end; false when some still run. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    return inFlight.awaitNone(timeout);
  }

  /**
   * Flushes a batch as soon as an add fills it by count or bytes, as the Lambda checks on every add, rather than at
   * the next scan. Called on the registering thread, which locks the batch itself before its next add (so the batch
   * keeps its size) and hands the load to the batch-step pool.
   */
  void batchGrew(String s3Prefix, String batchId, int files, long bytes) {
    LoadConfig load = loads.get(s3Prefix);
    if (load == null) {
      return;
    }
    FlushRules.full(files, bytes, load.batch()).ifPresent(reason -> {
      if (take(s3Prefix, batchId)) {
        flush(load, batchId, reason);
      }
    });
  }

  private void submit(LoadConfig load, String batchId, String reason) {
    String prefix = load.s3Prefix();
    if (take(prefix, batchId) && !threads.execute(() -> flush(load, batchId, reason))) {
      inFlight.done(prefix, batchId);
    }
  }

  /** Takes a batch on, unless the loader stops or the batch is in flight already. */
  private boolean take(String s3Prefix, String batchId) {
    return !threads.stopping() && inFlight.start(s3Prefix, batchId, clock.instant());
  }

  /** Locks on the calling thread; the load itself runs on the loader's own threads. */
  private void flush(LoadConfig load, String batchId, String reason) {
    String prefix = load.s3Prefix();
    Optional<LockedBatch> locked;
    try {
      locked = loader.lock(load, batchId, reason);
      lockFailures.recovered("Batches can be locked again ({} of {})", batchId, prefix);
    } catch (RuntimeException e) {
      lockFailures.failed(Level.WARN, "lock", "Cannot lock batch {} of {}; the next scan tries again: {}", batchId,
          prefix, e.toString());
      inFlight.done(prefix, batchId);
      return;
    }
    if (locked.isEmpty()) {
      inFlight.done(prefix, batchId);
      return;
    }
    loader.load(load, locked.get()).whenComplete((outcome, failure) -> {
      if (failure != null) {
        log.error("Flush of batch {} of {} stopped: {}", batchId, prefix, failure.toString(), failure);
      }
      inFlight.done(prefix, batchId);
    });
  }

  private void countStaleLocks(Instant now, Map<String, List<BatchItem>> locked) {
    Instant staleBefore = now.minus(staleLockAfter);
    Map<String, Integer> counts = new LinkedHashMap<>();
    loads.keySet().forEach(prefix -> counts.put(prefix, 0));
    for (BatchItem batch : locked.values().stream().flatMap(List::stream).toList()) {
      Instant lastUpdate = batch.lastUpdateTime();
      if (!loads.containsKey(batch.s3Prefix()) || lastUpdate == null || lastUpdate.isAfter(staleBefore)) {
        continue;
      }
      counts.merge(batch.s3Prefix(), 1, Integer::sum);
      if (reportedStale.add(batch.s3Prefix() + "/" + batch.batchId())) {
        log.warn("Batch {} of {} has been locked since {} without an update; its loader probably died. Check the"
            + " cluster's load history for its manifest, then `sluice batches unlock` or `sluice batches reprocess`",
            batch.batchId(), batch.s3Prefix(), batch.lastUpdateTime());
      }
    }
    metrics.staleLocks(counts);
  }

  private static Map<String, List<BatchItem>> byPrefix(List<BatchItem> items) {
    return items.stream().collect(Collectors.groupingBy(BatchItem::s3Prefix));
  }
}
