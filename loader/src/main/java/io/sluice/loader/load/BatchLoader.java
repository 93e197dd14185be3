package io.sluice.loader.load;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.copy.ClusterLoader;
import io.sluice.loader.copy.ClusterLoader.ReceiptCheck;
import io.sluice.loader.copy.ClusterResult;
import io.sluice.loader.copy.CopyAuthorization;
import io.sluice.loader.copy.CopyScript;
import io.sluice.loader.copy.LoadError;
import io.sluice.loader.copy.LoadReceipts;
import io.sluice.loader.copy.RedshiftConnector;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.notify.BatchNotification;
import io.sluice.loader.notify.SnsNotifier;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigItem;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Flushes one batch the way the Lambda does (contract 7.3), with its races fixed: lock {@code open → locked}, rotate
 * {@code currentBatch} only if it still names this batch, write the manifest from the lock's own image (each file
 * once), COPY into every cluster in its own transaction, record the per-cluster status, copy the manifest to the
 * failed prefix on failure, close, notify. Outages are waited out while the lock's {@code lastUpdate} is refreshed.
 */
final class BatchLoader {

  private static final Logger log = LoggerFactory.getLogger(BatchLoader.class);

  /**
   * The Lambda's retry count for S3 not showing a key (contract 2.12). A missing jsonpaths or data file is a
   * configuration error, not an outage, so it does not get the outage window.
   */
  static final int MISSING_KEY_ATTEMPTS = 5;

  /** How long a connection attempt to a cluster may take before it counts as an outage. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final BatchTable batches;
  private final ConfigTable configs;
  private final ManifestStore manifests;
  private final SnsNotifier notifier;
  private final LoadSecrets secrets;
  private final AwsCredentialsProvider processCredentials;
  private final LoaderMetrics metrics;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration outageWindow;
  private final LoadReceipts receipts;
  private final LockHeartbeat heartbeat;

  BatchLoader(BatchTable batches, ConfigTable configs, ManifestStore manifests, SnsNotifier notifier,
      LoadSecrets secrets, AwsCredentialsProvider processCredentials, LoaderMetrics metrics, Clock clock,
      Sleeper sleeper, Duration outageWindow, LoadReceipts receipts, LockHeartbeat heartbeat) {
    this.batches = batches;
    this.configs = configs;
    this.manifests = manifests;
    this.notifier = notifier;
    this.secrets = secrets;
    this.processCredentials = processCredentials;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
    this.outageWindow = outageWindow;
    this.receipts = receipts;
    this.heartbeat = heartbeat;
  }

  /**
   * Locks and loads batch {@code batchId} of {@code load}; empty when another loader locked it first.
   *
   * @param reason why the batch is due, for the log
   */
  Optional<LoadOutcome> flush(LoadConfig load, String batchId, String reason) {
    String prefix = load.s3Prefix();
    Optional<BatchItem> locked = batches.lock(prefix, batchId);
    if (locked.isEmpty()) {
      log.debug("Batch {} of {} was locked by another loader first", batchId, prefix);
      return Optional.empty();
    }
    Instant started = clock.instant();
    BatchItem batch = locked.get();
    log.info("Loading batch {} of {}: {} files, {} bytes ({})", batchId, prefix, batch.distinctEntries().size(),
        batch.size(), reason);
    LoadOutcome outcome;
    try (LockHeartbeat.Beat beat = heartbeat.start(prefix, batchId)) {
      rotate(prefix, batchId);
      outcome = load(load, batch, new OutageRetry(clock, sleeper, outageWindow));
    } catch (RuntimeException e) {
      if (e instanceof CancellationException || e instanceof AbortedException || Thread.interrupted()) {
        handBack(prefix, batchId);
        return Optional.empty();
      }
      throw e;
    }
    metrics.batchClosed(prefix, outcome, Duration.between(started, clock.instant()), batch.firstWrite(),
        clock.instant());
    return Optional.of(outcome);
  }

  /**
   * Stopping mid-load: nothing was committed by this loader (a load that committed records that first), so the
   * batch goes back to open for the next loader's scan.
   */
  private void handBack(String prefix, String batchId) {
    Thread.interrupted();
    try {
      if (batches.unlock(prefix, batchId)) {
        log.info("Stopped while loading batch {} of {}; unlocked it for the next loader", batchId, prefix);
      }
    } catch (SdkException e) {
      log.warn("Stopped while loading batch {} of {} and could not unlock it; `sluice batches unlock --prefix {} {}`"
          + " hands it back: {}", batchId, prefix, prefix, batchId, e.toString());
    } finally {
      Thread.currentThread().interrupt();
    }
  }

  private void rotate(String prefix, String batchId) {
    OutageRetry retry = new OutageRetry(clock, sleeper, outageWindow);
    while (true) {
      try {
        if (!configs.rotate(prefix, batchId)) {
          // Not current any more (an orphan, or a batch someone unlocked): nothing to rotate away.
          log.debug("Batch {} of {} was no longer current; currentBatch left as it is", batchId, prefix);
        }
        return;
      } catch (SdkException e) {
        if (!retry.mayRetry()) {
          // Locked and current, the prefix would stall: hand the batch back so adds go on.
          batches.unlock(prefix, batchId);
          throw e;
        }
        log.warn("Cannot rotate currentBatch of {} yet (batch {} stays locked): {}", prefix, batchId, e.toString());
        retry.pause();
      }
    }
  }

  private LoadOutcome load(LoadConfig load, BatchItem batch, OutageRetry retry) {
    String prefix = batch.s3Prefix();
    String batchId = batch.batchId();
    List<BatchEntry> entries = batch.distinctEntries();
    if (entries.isEmpty()) {
      batches.close(prefix, batchId, null);
      return new LoadOutcome(prefix, batchId, true, 0, null);
    }
    ManifestLocation manifest;
    try {
      manifest = whileReachable(batch, retry, "write the manifest",
          () -> manifests.write(load.manifest(), entries, clock.instant()));
    } catch (SdkException e) {
      String error = jsonString("unable to write the manifest: " + e.getMessage());
      return closeFailed(load, batch, null, error, entries.size());
    }
    whileReachable(batch, retry, "record the manifest", () -> {
      batches.recordManifest(prefix, batchId, manifest.path());
      return null;
    });
    // Only clusters without a YAML password need the config item (its KMS-encrypted connectPassword).
    ConfigItem item = load.clusters().stream().allMatch(cluster -> cluster.password() != null) ? null
        : whileReachable(batch, retry, "read the config item", () -> configs.read(prefix).orElse(null));
    List<ClusterResult> results = new ArrayList<>();
    for (ClusterConfig cluster : load.clusters()) {
      try {
        results.add(loadCluster(load, cluster, item, manifest, batch, retry));
      } catch (CancellationException stopping) {
        if (results.stream().noneMatch(ClusterResult::ok)) {
          throw stopping;
        }
        // An earlier cluster committed: handing the batch back would load it there twice (H7). Fail it instead.
        results.add(new ClusterResult(cluster.endpointName(), false, new LoadError(LoadError.Kind.RETRYABLE, null,
            "the loader stopped before loading this cluster", null)));
      }
    }
    String loadStatus = ClusterResult.loadStatusJson(results);
    // Past this point rows may be committed: the outcome is written even through a DynamoDB outage.
    OutageRetry recording = new OutageRetry(clock, sleeper, outageWindow);
    whileReachable(batch, recording, "record the load status", false, () -> {
      batches.recordLoadStatus(prefix, batchId, loadStatus);
      return null;
    });
    if (results.stream().allMatch(ClusterResult::ok)) {
      whileReachable(batch, recording, "close the batch", false, () -> batches.close(prefix, batchId, null));
      log.info("Loaded batch {} of {}: {} files via {}", batchId, prefix, entries.size(), manifest.url());
      notify(load, batch, true, null, manifest, null);
      return new LoadOutcome(prefix, batchId, true, entries.size(), null);
    }
    return closeFailed(load, batch, manifest, loadStatus, entries.size());
  }

  private ClusterResult loadCluster(LoadConfig load, ClusterConfig cluster, ConfigItem item,
      ManifestLocation manifest, BatchItem batch, OutageRetry retry) {
    String endpoint = cluster.endpointName();
    CopyScript script;
    RedshiftConnector connector;
    try {
      Secret password = secrets.password(cluster, load.s3Prefix(), item);
      connector = new RedshiftConnector(cluster, password, CONNECT_TIMEOUT);
      script = CopyScript.of(load, cluster, manifest, authorization(load));
    } catch (RuntimeException e) {
      log.error("Cannot load batch {} of {} into {}: {}", batch.batchId(), batch.s3Prefix(), endpoint, e.getMessage());
      return new ClusterResult(endpoint, false, new LoadError(LoadError.Kind.PERMANENT, null, e.getMessage(), null));
    }
    ClusterLoader loader = new ClusterLoader(connector, endpoint, receipts);
    LoadReceipts.Receipt receipt = new LoadReceipts.Receipt(batch.s3Prefix(), batch.batchId(), manifest.url());
    int missingKeyAttempts = 0;
    while (true) {
      ClusterResult result = loader.load(script, receipt);
      if (!result.ok() && result.error().kind() == LoadError.Kind.UNKNOWN_OUTCOME) {
        ReceiptCheck check = awaitReceipt(loader, receipt, batch, retry);
        if (check == ReceiptCheck.COMMITTED) {
          log.info("Batch {} of {} committed in {} before the connection was lost (its load receipt says so)",
              batch.batchId(), batch.s3Prefix(), endpoint);
          return ClusterResult.success(endpoint);
        }
        if (check == ReceiptCheck.NOT_COMMITTED) {
          log.warn("Batch {} of {} rolled back in {} when the connection was lost after COMMIT; loading it again",
              batch.batchId(), batch.s3Prefix(), endpoint);
          metrics.clusterRetry(endpoint);
          continue;
        }
      }
      boolean retryable = !result.ok() && result.error().kind() == LoadError.Kind.RETRYABLE
          && (!result.error().missingS3Key() || ++missingKeyAttempts < MISSING_KEY_ATTEMPTS);
      if (!retryable) {
        if (!result.ok() && result.error().kind() == LoadError.Kind.UNKNOWN_OUTCOME) {
          log.error("Connection to {} lost after COMMIT of batch {} of {}: the load may have committed. Check the"
              + " cluster's load history (STL_LOAD_COMMITS) for {} before `sluice batches reprocess`", endpoint,
              batch.batchId(), batch.s3Prefix(), manifest.url());
        }
        return result;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("loader stopping");
      }
      if (!retry.mayRetry() || !stillOurs(batch)) {
        log.error("Giving up on cluster {} for batch {} of {}: {}", endpoint, batch.batchId(), batch.s3Prefix(),
            result.error().message());
        return result;
      }
      metrics.clusterRetry(endpoint);
      log.warn("Cluster {} unavailable for batch {} of {} ({} {}); retrying", endpoint, batch.batchId(),
          batch.s3Prefix(), result.error().sqlState(), result.error().message());
      retry.pause();
    }
  }

  /**
   * Asks the cluster for the load's receipt until it answers, within the outage window. Never interrupted: rows may
   * be committed, so stopping here must not hand the batch back.
   */
  private ReceiptCheck awaitReceipt(ClusterLoader loader, LoadReceipts.Receipt receipt, BatchItem batch,
      OutageRetry retry) {
    while (true) {
      // A server that got the COMMIT may still be finishing it: ask only once it has had time to.
      retry.pause();
      ReceiptCheck check = loader.committed(receipt);
      if (check != ReceiptCheck.UNREACHABLE || !retry.mayRetry() || !stillOurs(batch)) {
        return check;
      }
    }
  }

  private CopyAuthorization authorization(LoadConfig load) {
    var credentials = load.copyCredentials();
    String secretKey = credentials != null && credentials.secretAccessKey() != null
        ? credentials.secretAccessKey().reveal() : null;
    String masterKey = credentials != null && credentials.masterSymmetricKey() != null
        ? credentials.masterSymmetricKey().reveal() : null;
    return CopyAuthorization.of(credentials, processCredentials, secretKey, masterKey);
  }

  private <T> T whileReachable(BatchItem batch, OutageRetry retry, String what, Supplier<T> action) {
    return whileReachable(batch, retry, what, true, action);
  }

  /**
   * Runs {@code action} until it gets through, within the outage window and while the batch is still ours.
   *
   * @param interruptible false once rows may be committed: the outcome must then be recorded even while stopping,
   *     or the batch would be handed back and loaded twice
   */
  private <T> T whileReachable(BatchItem batch, OutageRetry retry, String what, boolean interruptible,
      Supplier<T> action) {
    boolean interrupted = !interruptible && Thread.interrupted();
    try {
      while (true) {
        try {
          return action.get();
        } catch (SdkException e) {
          if (interruptible && Thread.currentThread().isInterrupted()) {
            throw new CancellationException("loader stopping");
          }
          // Access denied, a missing bucket or table: configuration errors that waiting does not fix.
          boolean outage = e instanceof SdkClientException || e.retryable();
          if (!outage || !retry.mayRetry() || !stillOurs(batch)) {
            throw e;
          }
          log.warn("Cannot {} for batch {} of {} yet: {}", what, batch.batchId(), batch.s3Prefix(), e.toString());
          retry.pause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Refreshes the lock's {@code lastUpdate}; false only when the batch is no longer locked (someone unlocked it).
   * A refresh that cannot reach DynamoDB proves nothing either way, so the lock is assumed still held.
   */
  private boolean stillOurs(BatchItem batch) {
    try {
      return batches.refreshLock(batch.s3Prefix(), batch.batchId());
    } catch (SdkException e) {
      log.debug("Cannot refresh the lock of batch {} of {}: {}", batch.batchId(), batch.s3Prefix(), e.toString());
      return true;
    }
  }

  private LoadOutcome closeFailed(LoadConfig load, BatchItem batch, ManifestLocation manifest, String error,
      int files) {
    String prefix = batch.s3Prefix();
    String batchId = batch.batchId();
    ManifestLocation failed = null;
    String closeError = error;
    if (manifest != null) {
      try {
        failed = manifests.copyToFailed(load.manifest(), manifest);
        ManifestLocation copy = failed;
        whileReachable(batch, new OutageRetry(clock, sleeper, outageWindow), "record the failed manifest", false,
            () -> {
              batches.recordManifest(prefix, batchId, copy.path());
              return null;
            });
      } catch (SdkException e) {
        // As the Lambda: when the copy fails, the S3 error is what the batch reports.
        closeError = jsonString("unable to copy the failed manifest: " + e.getMessage());
      }
    }
    String finalError = closeError;
    whileReachable(batch, new OutageRetry(clock, sleeper, outageWindow), "close the batch", false,
        () -> batches.close(prefix, batchId, finalError));
    log.error("Batch {} of {} failed and is kept for `sluice batches reprocess`: {}", batchId, prefix, closeError);
    notify(load, batch, false, closeError, manifest, failed);
    return new LoadOutcome(prefix, batchId, false, files, closeError);
  }

  private void notify(LoadConfig load, BatchItem batch, boolean ok, String error, ManifestLocation manifest,
      ManifestLocation failed) {
    if (notifier == null || load.notifications() == null) {
      return;
    }
    List<BatchEntry> entries = batch.entries();
    String key = entries.isEmpty() ? null : entries.get(entries.size() - 1).key();
    notifier.notify(load.notifications(), new BatchNotification(ok, error, batch.batchId(), batch.s3Prefix(), key,
        manifest == null ? null : manifest.path(), failed == null ? null : failed.path()));
  }

  /** A message as a JSON string literal, as the Lambda's {@code JSON.stringify} of a string error. */
  static String jsonString(String message) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"";
  }
}
