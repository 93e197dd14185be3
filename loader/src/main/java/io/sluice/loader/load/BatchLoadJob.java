package io.sluice.loader.load;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.copy.ClusterLoader;
import io.sluice.loader.copy.ClusterResult;
import io.sluice.loader.copy.CopyAuthorization;
import io.sluice.loader.copy.CopyScript;
import io.sluice.loader.copy.LoadError;
import io.sluice.loader.copy.LoadReceipts;
import io.sluice.loader.copy.RedshiftConnector;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.notify.BatchNotification;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.ConfigItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Loads one locked batch the way the Lambda does (contract 7.3), with its races fixed: rotate {@code currentBatch}
 * only if it still names this batch, write the manifest from the lock's own image (each file once), COPY into every
 * cluster in its own transaction (each through its {@link ClusterGate}, all at once), record the per-cluster status,
 * copy the manifest to the failed prefix on failure, close, notify. No step holds a thread while it waits.
 */
final class BatchLoadJob {

  private static final Logger log = LoggerFactory.getLogger(BatchLoadJob.class);

  /** How long a connection attempt to a cluster may take before it counts as an outage. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final LoadContext context;
  private final LoadConfig load;
  private final LockedBatch batch;
  private final List<BatchEntry> entries;

  BatchLoadJob(LoadContext context, LoadConfig load, LockedBatch batch) {
    this.context = context;
    this.load = load;
    this.batch = batch;
    this.entries = batch.item().distinctEntries();
  }

  /**
   * Runs the load; the outcome, or empty when the batch was handed back (the loader stopped before any cluster
   * committed).
   */
  CompletableFuture<Optional<LoadOutcome>> run() {
    return rotate()
        .thenCompose(rotated -> entries.isEmpty() ? closeEmpty() : writeManifest())
        .handle((outcome, failure) -> {
          if (failure == null) {
            return Optional.of(outcome);
          }
          Throwable cause = unwrap(failure);
          if (cause instanceof CancellationException) {
            handBack();
            return Optional.<LoadOutcome>empty();
          }
          throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
  }

  private CompletableFuture<Void> rotate() {
    return context.steps().run(batch, "rotate currentBatch", true, () -> {
      if (!context.configs().rotate(batch.prefix(), batch.batchId())) {
        // Not current any more (an orphan, or a batch someone unlocked): nothing to rotate away.
        log.debug("Batch {} of {} was no longer current; currentBatch left as it is", batch.batchId(),
            batch.prefix());
      }
      return (Void) null;
    }).whenComplete((done, failure) -> {
      if (failure != null && !(unwrap(failure) instanceof CancellationException)) {
        // Locked and current, the prefix would stall: hand the batch back so adds go on.
        unlockQuietly();
      }
    });
  }

  private CompletableFuture<LoadOutcome> closeEmpty() {
    return context.steps().run(batch, "close the batch", false,
        () -> context.batches().close(batch.prefix(), batch.batchId(), null))
        .thenApply(closed -> new LoadOutcome(batch.prefix(), batch.batchId(), true, 0, null));
  }

  private CompletableFuture<LoadOutcome> writeManifest() {
    return context.steps().run(batch, "write the manifest", true,
            () -> context.manifests().write(load.manifest(), entries, context.clock().instant()))
        .handle((manifest, failure) -> {
          if (failure == null) {
            return recordManifest(manifest);
          }
          if (unwrap(failure) instanceof SdkException e) {
            return closeFailed(null, jsonString("unable to write the manifest: " + e.getMessage()));
          }
          return CompletableFuture.<LoadOutcome>failedFuture(unwrap(failure));
        })
        .thenCompose(next -> next);
  }

  private CompletableFuture<LoadOutcome> recordManifest(ManifestLocation manifest) {
    // Only clusters without a YAML password need the config item (its KMS-encrypted connectPassword).
    boolean needsItem = load.clusters().stream().anyMatch(cluster -> cluster.password() == null);
    return context.steps().run(batch, "record the manifest", true, () -> {
      context.batches().recordManifest(batch.prefix(), batch.batchId(), manifest.path());
      return (Void) null;
    }).thenCompose(recorded -> needsItem
        ? context.steps().run(batch, "read the config item", true,
            () -> context.configs().read(batch.prefix()).orElse(null))
        : CompletableFuture.completedFuture((ConfigItem) null))
        .thenCompose(item -> loadClusters(manifest, item))
        .thenCompose(results -> finish(manifest, results));
  }

  private CompletableFuture<List<ClusterResult>> loadClusters(ManifestLocation manifest, ConfigItem item) {
    List<CompletableFuture<ClusterResult>> loads = new ArrayList<>();
    for (ClusterConfig cluster : load.clusters()) {
      loads.add(context.steps().once(() -> prepare(cluster, item, manifest))
          .thenCompose(prepared -> prepared.attempt() != null
              ? context.gates().gate(cluster.endpointName()).submit(prepared.attempt())
              : CompletableFuture.completedFuture(prepared.failure())));
    }
    return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
        .handle((all, failure) -> collect(loads));
  }

  /** The attempt for {@code cluster}, or the failure when it cannot even be tried (its password or script). */
  private Prepared prepare(ClusterConfig cluster, ConfigItem item, ManifestLocation manifest) {
    String endpoint = cluster.endpointName();
    try {
      Secret password = context.secrets().password(cluster, load.s3Prefix(), item);
      RedshiftConnector connector = new RedshiftConnector(cluster, password, CONNECT_TIMEOUT);
      CopyScript script = CopyScript.of(load, cluster, manifest, authorization());
      ClusterLoader loader = new ClusterLoader(connector, endpoint, context.receipts(),
          context.gates().gate(endpoint).failures());
      return new Prepared(new ClusterAttempt(loader, script,
          new LoadReceipts.Receipt(batch.prefix(), batch.batchId(), manifest.url()), context.receipts() != null,
          batch, endpoint, context.clock().instant().plus(context.outageWindow())), null);
    } catch (RuntimeException e) {
      log.error("Cannot load batch {} of {} into {}: {}", batch.batchId(), batch.prefix(), endpoint, e.getMessage());
      return new Prepared(null, ClusterResult.failure(endpoint, new LoadError(LoadError.Kind.PERMANENT, null,
          e.getMessage(), null)));
    }
  }

  /**
   * Each cluster's outcome in configuration order. A cluster whose load was cancelled (the loader stopped) counts
   * as not loaded; when no cluster committed, the whole batch is handed back instead.
   */
  private List<ClusterResult> collect(List<CompletableFuture<ClusterResult>> loads) {
    List<ClusterResult> results = new ArrayList<>();
    boolean cancelled = false;
    for (int i = 0; i < loads.size(); i++) {
      CompletableFuture<ClusterResult> future = loads.get(i);
      String endpoint = load.clusters().get(i).endpointName();
      try {
        results.add(future.join());
      } catch (CompletionException | CancellationException e) {
        Throwable cause = unwrap(e);
        if (!(cause instanceof CancellationException)) {
          log.error("Load of batch {} of {} into {} failed", batch.batchId(), batch.prefix(), endpoint, cause);
        }
        cancelled |= cause instanceof CancellationException;
        results.add(ClusterResult.failure(endpoint, new LoadError(LoadError.Kind.RETRYABLE, null,
            cause instanceof CancellationException ? "the loader stopped before loading this cluster"
                : cause.toString(), null)));
      }
    }
    if (cancelled && results.stream().noneMatch(ClusterResult::ok)) {
      throw new CancellationException("loader stopping");
    }
    // An earlier cluster committed: handing the batch back would load it there twice (H7). Fail it instead.
    return results;
  }

  private CompletableFuture<LoadOutcome> finish(ManifestLocation manifest, List<ClusterResult> results) {
    results.stream().filter(ClusterResult::alreadyLoaded)
        .forEach(result -> context.metrics().skippedByReceipt(batch.prefix(), result.endpoint()));
    String loadStatus = ClusterResult.loadStatusJson(results);
    // Past this point rows may be committed: the outcome is written even through a DynamoDB outage or a stop.
    CompletableFuture<Void> recorded = context.steps().run(batch, "record the load status", false, () -> {
      context.batches().recordLoadStatus(batch.prefix(), batch.batchId(), loadStatus);
      return (Void) null;
    });
    if (results.stream().allMatch(ClusterResult::ok)) {
      return recorded
          .thenCompose(done -> context.steps().run(batch, "close the batch", false,
              () -> context.batches().close(batch.prefix(), batch.batchId(), null)))
          .thenApply(closed -> {
            log.info("Loaded batch {} of {}: {} files via {}", batch.batchId(), batch.prefix(), entries.size(),
                manifest.url());
            notify(true, null, manifest, null);
            return new LoadOutcome(batch.prefix(), batch.batchId(), true, entries.size(), null);
          });
    }
    return recorded.thenCompose(done -> closeFailed(manifest, loadStatus));
  }

  private CompletableFuture<LoadOutcome> closeFailed(ManifestLocation manifest, String error) {
    CompletableFuture<FailedManifest> copied = manifest == null
        ? CompletableFuture.completedFuture(new FailedManifest(null, error))
        : context.steps().once(() -> context.manifests().copyToFailed(load.manifest(), manifest))
            .thenCompose(failed -> context.steps().run(batch, "record the failed manifest", false, () -> {
              context.batches().recordManifest(batch.prefix(), batch.batchId(), failed.path());
              return new FailedManifest(failed, error);
            }))
            .exceptionally(failure -> {
              if (unwrap(failure) instanceof SdkException e) {
                // As the Lambda: when the copy fails, the S3 error is what the batch reports.
                return new FailedManifest(null, jsonString("unable to copy the failed manifest: " + e.getMessage()));
              }
              throw new CompletionException(unwrap(failure));
            });
    return copied.thenCompose(failed -> context.steps().run(batch, "close the batch", false,
            () -> context.batches().close(batch.prefix(), batch.batchId(), failed.error()))
        .thenApply(closed -> {
          log.error("Batch {} of {} failed and is kept for `sluice batches reprocess`: {}", batch.batchId(),
              batch.prefix(), failed.error());
          notify(false, failed.error(), manifest, failed.location());
          return new LoadOutcome(batch.prefix(), batch.batchId(), false, entries.size(), failed.error());
        }));
  }

  /**
   * Stopping mid-load: nothing was committed by this loader (a load that committed records that first), so the
   * batch goes back to open for the next loader's scan.
   */
  private void handBack() {
    try {
      if (context.batches().unlock(batch.prefix(), batch.batchId())) {
        log.info("Stopped while loading batch {} of {}; unlocked it for the next loader", batch.batchId(),
            batch.prefix());
      }
    } catch (SdkException e) {
      log.warn("Stopped while loading batch {} of {} and could not unlock it; `sluice batches unlock --prefix {} {}`"
          + " hands it back: {}", batch.batchId(), batch.prefix(), batch.prefix(), batch.batchId(), e.toString());
    }
  }

  private void unlockQuietly() {
    try {
      context.batches().unlock(batch.prefix(), batch.batchId());
    } catch (SdkException e) {
      log.warn("Cannot unlock batch {} of {} after a failed rotation: {}", batch.batchId(), batch.prefix(),
          e.toString());
    }
  }

  private CopyAuthorization authorization() {
    var credentials = load.copyCredentials();
    String secretKey = credentials != null && credentials.secretAccessKey() != null
        ? credentials.secretAccessKey().reveal() : null;
    String masterKey = credentials != null && credentials.masterSymmetricKey() != null
        ? credentials.masterSymmetricKey().reveal() : null;
    return CopyAuthorization.of(credentials, context.processCredentials(), secretKey, masterKey);
  }

  private void notify(boolean ok, String error, ManifestLocation manifest, ManifestLocation failed) {
    if (context.notifier() == null || load.notifications() == null) {
      return;
    }
    List<BatchEntry> all = batch.item().entries();
    String key = all.isEmpty() ? null : all.get(all.size() - 1).key();
    context.notifier().notify(load.notifications(), new BatchNotification(ok, error, batch.batchId(), batch.prefix(),
        key, manifest == null ? null : manifest.path(), failed == null ? null : failed.path()));
  }

  /** A message as a JSON string literal, as the Lambda's {@code JSON.stringify} of a string error. */
  static String jsonString(String message) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"";
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A cluster's attempt, or why there is none. */
  private record Prepared(ClusterAttempt attempt, ClusterResult failure) {
  }

  /** The failed-manifest copy, when it was made, and the error the batch closes with. */
  private record FailedManifest(ManifestLocation location, String error) {
  }
}
