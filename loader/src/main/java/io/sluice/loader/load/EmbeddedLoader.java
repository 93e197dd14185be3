package io.sluice.loader.load;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.loader.aws.AwsClients;
import io.sluice.loader.copy.LoadReceipts;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.notify.SnsNotifier;
import io.sluice.loader.secrets.KmsSecretCipher;
import io.sluice.loader.secrets.SecretCipher;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.loader.tracker.WildcardSuppression;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The tracker and the embedded loader of one process: prepares the tables and the config items of
 * {@code loader.loads}, gives the agent its {@link FileRegistrar}, and runs the scheduler that loads due batches.
 */
public final class EmbeddedLoader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedLoader.class);

  private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

  /** How often an agent that started while DynamoDB was unreachable tries again to prepare the tracker. */
  private static final Duration PREPARE_RETRY = Duration.ofSeconds(5);

  private final List<SdkClient> clients;
  private final FileRegistrar registrar;
  private final TrackerPreparation preparation;
  private final ScheduledExecutorService scanThread;
  private final LoaderThreads threads;
  private final ClusterGates gates;
  private final LoadScheduler scheduler;

  private EmbeddedLoader(List<SdkClient> clients, FileRegistrar registrar, TrackerPreparation preparation,
      ScheduledExecutorService scanThread, LoaderThreads threads, ClusterGates gates, LoadScheduler scheduler) {
    this.clients = clients;
    this.registrar = registrar;
    this.preparation = preparation;
    this.scanThread = scanThread;
    this.threads = threads;
    this.gates = gates;
    this.scheduler = scheduler;
  }

  /**
   * Creates missing tables, writes each load configuration as its config item (keeping the open batch), and starts
   * scanning for due batches every {@code loader.scan_interval}. While DynamoDB cannot be reached it starts anyway
   * and keeps trying in the background ({@link #ready()}).
   */
  public static EmbeddedLoader start(SluiceConfig sluice, PrometheusRegistry registry) {
    return start(sluice, registry, Clock.systemUTC(), Sleeper.blocking());
  }

  /** As {@link #start(SluiceConfig, PrometheusRegistry)}, counting into metrics registered before (a reload's). */
  public static EmbeddedLoader start(SluiceConfig sluice, LoaderMetrics metrics) {
    return start(sluice, metrics, Clock.systemUTC(), Sleeper.blocking());
  }

  static EmbeddedLoader start(SluiceConfig sluice, PrometheusRegistry registry, Clock clock, Sleeper sleeper) {
    return start(sluice, new LoaderMetrics(registry), clock, sleeper);
  }

  private static EmbeddedLoader start(SluiceConfig sluice, LoaderMetrics metrics, Clock clock, Sleeper sleeper) {
    LoaderConfig config = sluice.loader();
    List<SdkClient> clients = new ArrayList<>();
    try {
      AwsClients aws = AwsClients.of(sluice);
      DynamoDbClient dynamo = aws.dynamoDb();
      clients.add(dynamo);
      ConfigTable configs = new ConfigTable(dynamo, sluice.tracker().tables(), clock);
      TrackerPreparation preparation = new TrackerPreparation(
          new TrackerTables(dynamo, sluice.tracker().tables(), sluice.tracker().billingMode()), configs,
          config.loads());
      BatchTable batches = new BatchTable(dynamo, sluice.tracker().tables(), clock);

      S3Client s3 = aws.s3();
      clients.add(s3);
      SnsNotifier notifier = null;
      if (config.loads().stream().anyMatch(load -> load.notifications() != null)) {
        SnsClient sns = aws.sns();
        clients.add(sns);
        notifier = new SnsNotifier(sns);
      }
      SecretCipher cipher = null;
      if (config.loads().stream().flatMap(load -> load.clusters().stream()).anyMatch(c -> c.password() == null)) {
        KmsClient kms = aws.kms();
        clients.add(kms);
        cipher = new KmsSecretCipher(kms, aws.kmsContextRegion(), false);
      }
      ScheduledExecutorService scanThread = Executors.newSingleThreadScheduledExecutor(
          LoaderThreads.named("sluice-loader-scan-"));
      LoaderThreads threads = new LoaderThreads();
      ClusterGates gates = new ClusterGates(config.loads(), config.clusterConcurrency(), threads, clock,
          config.outageBackoffMax(), metrics);
      LoadContext context = new LoadContext(batches, configs, new ManifestStore(s3), notifier,
          new LoadSecrets(cipher), AwsClients.credentials(config.s3().credentials()), metrics, clock,
          config.receipts() ? new LoadReceipts(config.receiptsTable()) : null,
          new LockHeartbeat(threads.timer(), batches, config.staleLockAfter()),
          new TrackerSteps(threads, clock, config.outageRetry(), config.outageBackoffMax()), gates,
          config.outageRetry());
      LoadScheduler scheduler = new LoadScheduler(config.loads(), batches, configs, new BatchLoader(context), threads,
          metrics, clock, config.staleLockAfter());
      FileRegistrar registrar = new FileRegistrar(dynamo, sluice.tracker().tables(), clock, sleeper,
          FileRegistrar.LAMBDA_ADD_ATTEMPTS, scheduler::batchGrew,
          WildcardSuppression.of(sluice.tracker().suppressWildcardExpansion()));
      if (!preparation.tryPrepare()) {
        scanThread.scheduleWithFixedDelay(preparation::tryPrepare, PREPARE_RETRY.toMillis(), PREPARE_RETRY.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      if (!config.loads().isEmpty()) {
        long period = config.scanInterval().toMillis();
        scanThread.scheduleWithFixedDelay(() -> {
          if (preparation.prepared()) {
            scheduler.scan();
          }
        }, period, period, TimeUnit.MILLISECONDS);
      }
      return new EmbeddedLoader(clients, registrar, preparation, scanThread, threads, gates, scheduler);
    } catch (RuntimeException e) {
      clients.forEach(SdkClient::close);
      throw e;
    }
  }

  /** Registers uploaded files in the same tracker this loader loads from; see {@link #ready()}. */
  public FileRegistrar registrar() {
    return registrar;
  }

  /**
   * Whether the tables and this process's config items are in place, so files can be registered: false while
   * DynamoDB has been unreachable since the start.
   */
  public boolean ready() {
    return preparation.prepared();
  }

  /**
   * The loader's state: each prefix's batches as of the last scan, and each cluster's availability and waiting
   * loads now.
   */
  public LoaderStatus status() {
    return new LoaderStatus(scheduler.scannedAt(), scheduler.prefixStatuses(), gates.statuses());
  }

  /**
   * Stops scanning, lets running loads finish for up to {@code drainTimeout}, then stops the rest: a load that has
   * committed nowhere unlocks its batch for the next loader; one that committed somewhere records its outcome
   * (within a further {@code drainTimeout}). Closes the AWS clients.
   */
  public void close(Duration drainTimeout) {
    scanThread.shutdownNow();
    try {
      if (!scheduler.awaitIdle(drainTimeout)) {
        log.warn("Loads still running after {}; stopping them", drainTimeout);
        threads.stop();
        gates.stop();
        if (!scheduler.awaitIdle(drainTimeout.plusSeconds(5))) {
          log.warn("Loads still unfinished after stopping; their batches stay locked until `sluice batches unlock`"
              + " or another loader's stale-lock check");
        }
      }
      threads.stop();
      gates.stop();
      gates.awaitTermination(Duration.ofSeconds(5));
      threads.shutdown(Duration.ofSeconds(5));
      scanThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      threads.stop();
      gates.stop();
      Thread.currentThread().interrupt();
    }
    clients.forEach(SdkClient::close);
  }

  @Override
  public void close() {
    close(DEFAULT_DRAIN);
  }
}
