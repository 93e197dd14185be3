package io.sluice.loader.load;

import io.sluice.config.loader.LoadConfig;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds due batches by itself, so a batch past its timeout is loaded without waiting for a next file (the Lambda's
 * H6): each scan looks at the current batch of every configured prefix and at every open batch of those prefixes
 * (orphans included, H5), and hands each due one to the load pool once. Also counts stale locks.
 */
final class LoadScheduler {

  private static final Logger log = LoggerFactory.getLogger(LoadScheduler.class);

  private final Map<String, LoadConfig> loads;
  private final BatchTable batches;
  private final ConfigTable configs;
  private final BatchLoader loader;
  private final ExecutorService loadPool;
  private final LoaderMetrics metrics;
  private final Clock clock;
  private final Duration staleLockAfter;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> reportedStale = ConcurrentHashMap.newKeySet();
  private final Set<String> reportedUnconfigured = ConcurrentHashMap.newKeySet();

  LoadScheduler(List<LoadConfig> loads, BatchTable batches, ConfigTable configs, BatchLoader loader,
      ExecutorService loadPool, LoaderMetrics metrics, Clock clock, Duration staleLockAfter) {
    this.loads = loads.stream().collect(Collectors.toMap(LoadConfig::s3Prefix, Function.identity(),
        (a, b) -> a, LinkedHashMap::new));
    this.batches = batches;
    this.configs = configs;
    this.loader = loader;
    this.loadPool = loadPool;
    this.metrics = metrics;
    this.clock = clock;
    this.staleLockAfter = staleLockAfter;
  }

  /** One scan; failures are counted and logged, and the next scan tries again. */
  void scan() {
    try {
      scanOnce();
    } catch (RuntimeException e) {
      metrics.scanFailed();
      log.warn("Scan for due batches failed; retrying at the next scan: {}", e.toString());
    }
  }

  private void scanOnce() {
    Instant now = clock.instant();
    Map<String, List<BatchItem>> open = byPrefix(batches.queryByStatus(BatchStatus.OPEN, null, null));
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
      for (BatchItem batch : candidates.values()) {
        FlushRules.due(batch, load.batch(), now).ifPresent(reason -> submit(load, batch.batchId(), reason));
      }
    }
    countStaleLocks(now);
  }

  /**
   * Flushes a batch as soon as an add fills it by count or bytes, as the Lambda checks on every add, rather than at
   * the next scan. Called on the registering thread: it only hands the flush to the load pool.
   */
  void batchGrew(String s3Prefix, String batchId, int files, long bytes) {
    LoadConfig load = loads.get(s3Prefix);
    if (load == null) {
      return;
    }
    FlushRules.full(files, bytes, load.batch()).ifPresent(reason -> submit(load, batchId, reason));
  }

  private void submit(LoadConfig load, String batchId, String reason) {
    String id = load.s3Prefix() + "/" + batchId;
    if (!inFlight.add(id)) {
      return;
    }
    try {
      loadPool.execute(() -> {
        try {
          loader.flush(load, batchId, reason);
        } catch (RuntimeException e) {
          log.error("Flush of batch {} of {} stopped: {}", batchId, load.s3Prefix(), e.toString(), e);
        } finally {
          inFlight.remove(id);
        }
      });
    } catch (RejectedExecutionException stopping) {
      inFlight.remove(id);
    }
  }

  private void countStaleLocks(Instant now) {
    Instant staleBefore = now.minus(staleLockAfter);
    Map<String, Integer> counts = new LinkedHashMap<>();
    loads.keySet().forEach(prefix -> counts.put(prefix, 0));
    for (BatchItem batch : batches.queryByStatus(BatchStatus.LOCKED, null, staleBefore)) {
      if (!loads.containsKey(batch.s3Prefix())) {
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
