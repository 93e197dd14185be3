package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.manifest.Manifests;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileTable;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class EmbeddedLoaderTest {

  private LoaderFixture fixture;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    fixture = new LoaderFixture(dynamo, s3, redshift);
  }

  @Test
  void batchReachingItsFileCountIsLoadedIntoTheTargetTable() throws Exception {
    fixture.batchSize = 4;
    try (EmbeddedLoader loader = start()) {
      for (int i = 0; i < 4; i++) {
        register(loader, fixture.putFile("f" + i + ".json", 25));
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 100);
    }
    List<BatchItem> complete = batches().queryByStatus(BatchStatus.COMPLETE, null, null);
    assertThat(complete).singleElement().satisfies(batch -> {
      assertThat(batch.entries()).hasSize(4);
      assertThat(batch.clusterLoadStatus()).contains("\"status\":0");
      assertThat(batch.manifestFile()).startsWith(fixture.manifestBucket + "/manifests/manifest-");
    });
    assertThat(fixture.distinctRows()).isEqualTo(100);
  }

  @Test
  void batchFilledByAnAddIsLoadedAtOnceWithoutWaitingForTheNextScan() throws Exception {
    fixture.batchSize = 2;
    fixture.scanInterval = "1h";
    try (EmbeddedLoader loader = start()) {
      register(loader, fixture.putFile("first.json", 3));
      register(loader, fixture.putFile("second.json", 4));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 7);
    }
  }

  @Test
  void batchPastItsTimeoutIsLoadedWithoutWaitingForAnotherFile() throws Exception {
    fixture.batchTimeout = "1s";
    try (EmbeddedLoader loader = start()) {
      register(loader, fixture.putFile("lonely.json", 7));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 7);
    }
  }

  @Test
  void loadedBatchRotatesTheCurrentBatchSoNewFilesGoToANewOne() throws Exception {
    fixture.batchSize = 2;
    try (EmbeddedLoader loader = start()) {
      register(loader, fixture.putFile("a.json", 1));
      register(loader, fixture.putFile("b.json", 1));
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 2);
      register(loader, fixture.putFile("c.json", 1));
      register(loader, fixture.putFile("d.json", 1));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 4);
    }
    assertThat(batches().queryByStatus(BatchStatus.COMPLETE, null, null)).hasSize(2);
  }

  @Test
  void badJsonPathFailsTheBatchAtOnceKeepsTheFailedManifestAndReprocessingLoadsItOnceFixed() throws Exception {
    fixture.batchTimeout = "1s";
    String jsonPathsKey = "jsonpaths/events.json";
    fixture.jsonPaths = "s3://" + fixture.manifestBucket + "/" + jsonPathsKey;
    putJsonPaths(jsonPathsKey, "{\"jsonpaths\": [\"$.file\", \"$.seq[\", \"$.msg\"]}");
    try (EmbeddedLoader loader = start()) {
      register(loader, fixture.putFile("bad.json", 3));

      await().atMost(Duration.ofSeconds(30))
          .until(() -> !batches().queryByStatus(BatchStatus.ERROR, null, null).isEmpty());
      BatchItem failed = batches().queryByStatus(BatchStatus.ERROR, null, null).get(0);
      assertThat(failed.manifestFile()).startsWith(fixture.manifestBucket + "/manifests/failed/manifest-");
      assertThat(failed.errorMessage()).contains("\"status\":-1").contains("JSONPath");
      ManifestLocation copy = ManifestLocation.parse(failed.manifestFile());
      assertThat(Manifests.urls(fixture.s3.client().getObjectAsBytes(r -> r.bucket(copy.bucket()).key(copy.key()))
          .asByteArray())).containsExactly("s3://" + fixture.bucket + "/logs/app/bad.json");
      assertThat(fixture.rows()).isZero();

      putJsonPaths(jsonPathsKey, "{\"jsonpaths\": [\"$.file\", \"$.seq\", \"$.msg\"]}");
      new BatchReprocessor(batches(), files(), loader.registrar(), fixture.s3.client(), true)
          .reprocess(fixture.prefix, failed.batchId());

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 3);
      assertThat(batches().get(fixture.prefix, failed.batchId()).orElseThrow().status())
          .isEqualTo(BatchStatus.REPROCESSED);
    }
  }

  private void putJsonPaths(String key, String body) {
    fixture.s3.client().putObject(r -> r.bucket(fixture.manifestBucket).key(key),
        RequestBody.fromString(body));
  }

  @Test
  void clusterOutageIsWaitedOutWhileTheLockStaysFresh() throws Exception {
    fixture.batchTimeout = "1s";
    // The heartbeat refreshes the lock three times within stale_lock_after; a short one shows it within the test.
    fixture.loaderYaml = "  stale_lock_after: 3s";
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(new InetSocketAddress("127.0.0.1",
        fixture.redshiftPort))) {
      fixture.redshiftPort = relay.port();
      relay.down();
      try (EmbeddedLoader loader = start()) {
        register(loader, fixture.putFile("during-outage.json", 11));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> !batches().queryByStatus(BatchStatus.LOCKED, null, null).isEmpty());
        BigDecimal lockedAt = batches().queryByStatus(BatchStatus.LOCKED, null, null).get(0).lastUpdate();
        await().atMost(Duration.ofSeconds(30)).until(() -> batches().queryByStatus(BatchStatus.LOCKED, null, null)
            .stream().anyMatch(batch -> batch.lastUpdate().compareTo(lockedAt) > 0));
        assertThat(fixture.rows()).isZero();

        relay.up();

        await().atMost(Duration.ofSeconds(90)).until(() -> fixture.rows() == 11);
      }
    }
    assertThat(batches().queryByStatus(BatchStatus.COMPLETE, null, null)).hasSize(1);
    assertThat(batches().queryByStatus(BatchStatus.ERROR, null, null)).isEmpty();
  }

  @Test
  void connectionLostWhileCommittingIsSettledByTheLoadReceiptWithoutLoadingTwice() throws Exception {
    fixture.batchTimeout = "1s";
    try (Connection admin = fixture.redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      // A deferred trigger holds the COMMIT on the server for 2 s, long enough to cut the connection under it.
      statement.execute("create table " + fixture.id + "_gate (n integer)");
      statement.execute("grant all on " + fixture.id + "_gate to " + fixture.redshift.user());
      statement.execute("create function " + fixture.id + "_slow() returns trigger language plpgsql as "
          + "$$ begin perform pg_sleep(2); return null; end $$");
      statement.execute("create constraint trigger slow after insert on " + fixture.id + "_gate deferrable initially"
          + " deferred for each row execute function " + fixture.id + "_slow()");
    }
    fixture.clusterYaml = "          post_sql: insert into " + fixture.id + "_gate values (1)";
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(new InetSocketAddress("127.0.0.1",
        fixture.redshiftPort))) {
      fixture.redshiftPort = relay.port();
      try (EmbeddedLoader loader = start()) {
        register(loader, fixture.putFile("cut.json", 9));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.count(
            "select count(*) from pg_stat_activity where state = 'active' and query ilike 'commit%'") > 0);

        relay.down();
        Thread.sleep(500);
        relay.up();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> !batches().queryByStatus(BatchStatus.COMPLETE, null, null).isEmpty());
      }
    }
    assertThat(fixture.rows()).isEqualTo(9);
    assertThat(batches().queryByStatus(BatchStatus.ERROR, null, null)).isEmpty();
    assertThat(fixture.count("select count(*) from sluice_load_receipts")).isEqualTo(1);
  }

  @Test
  void orphanedOpenBatchIsLoadedEvenThoughItIsNotCurrent() throws Exception {
    fixture.batchTimeout = "1s";
    try (EmbeddedLoader loader = start()) {
      String key = fixture.putFile("orphan.json", 5);
      String orphan = UUID.randomUUID().toString();
      putLambdaBatch(orphan, Map.of("entryMap", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
          "file", AttributeValue.fromS(fixture.bucket + "/" + key),
          "size", AttributeValue.fromN(Long.toString(fixture.size(key)))))))));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 5);
    }
  }

  @Test
  void lambdaBatchHoldingOnlyLegacyEntriesIsLoadedWithSizesFromS3() throws Exception {
    fixture.batchTimeout = "1s";
    try (EmbeddedLoader loader = start()) {
      String first = fixture.putFile("legacy-1.json", 3);
      String second = fixture.putFile("legacy-2.json", 4);
      putLambdaBatch(UUID.randomUUID().toString(), Map.of("entries", AttributeValue.fromSs(List.of(
          fixture.bucket + "/" + first, fixture.bucket + "/" + second))));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 7);
    }
  }

  @Test
  void fileAddedTwiceToABatchIsLoadedOnce() throws Exception {
    fixture.batchTimeout = "1s";
    try (EmbeddedLoader loader = start()) {
      String key = fixture.putFile("twice.json", 6);
      AttributeValue entry = AttributeValue.fromM(Map.of("file", AttributeValue.fromS(fixture.bucket + "/" + key),
          "size", AttributeValue.fromN(Long.toString(fixture.size(key)))));
      putLambdaBatch(UUID.randomUUID().toString(), Map.of("entryMap", AttributeValue.fromL(List.of(entry, entry))));

      await().atMost(Duration.ofSeconds(30)).until(() -> !batches().queryByStatus(BatchStatus.COMPLETE, null, null)
          .isEmpty());
    }
    assertThat(fixture.rows()).isEqualTo(6);
  }

  @Test
  void missingManifestBucketFailsTheBatchAtOnceInsteadOfWaitingOutTheOutageWindow() throws Exception {
    fixture.batchTimeout = "1s";
    fixture.s3.client().deleteBucket(r -> r.bucket(fixture.manifestBucket));
    try (EmbeddedLoader loader = start()) {
      register(loader, fixture.putFile("unmanifested.json", 2));

      await().atMost(Duration.ofSeconds(30))
          .until(() -> !batches().queryByStatus(BatchStatus.ERROR, null, null).isEmpty());
    }
    BatchItem failed = batches().queryByStatus(BatchStatus.ERROR, null, null).get(0);
    assertThat(failed.errorMessage()).contains("unable to write the manifest").contains("bucket");
    assertThat(failed.manifestFile()).isNull();
  }

  @Test
  void lockOfALongLoadIsKeptFreshSoItIsNeverTakenForStale() throws Exception {
    fixture.batchTimeout = "1s";
    fixture.loaderYaml = "  stale_lock_after: 3s";
    fixture.clusterYaml = "          pre_sql: select pg_sleep(6)";
    PrometheusRegistry registry = new PrometheusRegistry();
    try (EmbeddedLoader loader = EmbeddedLoader.start(fixture.config(), registry)) {
      register(loader, fixture.putFile("slow.json", 2));
      await().atMost(Duration.ofSeconds(30))
          .until(() -> !batches().queryByStatus(BatchStatus.LOCKED, null, null).isEmpty());
      BigDecimal lockedAt = batches().queryByStatus(BatchStatus.LOCKED, null, null).get(0).lastUpdate();

      await().atMost(Duration.ofSeconds(5)).until(() -> batches().queryByStatus(BatchStatus.LOCKED, null, null)
          .stream().anyMatch(batch -> batch.lastUpdate().compareTo(lockedAt) > 0));
      assertThat(staleLocks(registry)).isIn(-1.0, 0.0);
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 2);
    }
  }

  @Test
  void batchLockedLongWithoutAnUpdateIsCountedAsAStaleLock() throws Exception {
    fixture.loaderYaml = "  stale_lock_after: 1m";
    PrometheusRegistry registry = new PrometheusRegistry();
    String twoHoursAgo = Long.toString(Clock.systemUTC().instant().getEpochSecond() - 7200);
    try (EmbeddedLoader loader = EmbeddedLoader.start(fixture.config(), registry)) {
      fixture.dynamo.client().putItem(r -> r.tableName(fixture.id + "_batches").item(Map.of(
          "s3Prefix", AttributeValue.fromS(fixture.prefix),
          "batchId", AttributeValue.fromS(UUID.randomUUID().toString()),
          "status", AttributeValue.fromS("locked"),
          "lastUpdate", AttributeValue.fromN(twoHoursAgo))));

      await().atMost(Duration.ofSeconds(30)).until(() -> staleLocks(registry) == 1.0);
    }
  }

  private double staleLocks(PrometheusRegistry registry) {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals("sluice_loader_stale_locks"))
        .flatMap(snapshot -> snapshot.getDataPoints().stream())
        .filter(point -> fixture.prefix.equals(point.getLabels().get("prefix")))
        .mapToDouble(point -> ((GaugeDataPointSnapshot) point)
            .getValue())
        .findFirst().orElse(-1);
  }

  /** Writes an open batch item with the attributes the Lambda's add writes, a minute old. */
  private void putLambdaBatch(String batchId, Map<String, AttributeValue> files) {
    String written = Long.toString(Clock.systemUTC().instant().getEpochSecond() - 60) + ".123";
    Map<String, AttributeValue> item = new HashMap<>(files);
    item.put("s3Prefix", AttributeValue.fromS(fixture.prefix));
    item.put("batchId", AttributeValue.fromS(batchId));
    item.put("status", AttributeValue.fromS("open"));
    item.put("writeDates", AttributeValue.fromNs(List.of(written)));
    item.put("size", AttributeValue.fromN("100"));
    item.put("lastUpdate", AttributeValue.fromN(written));
    fixture.dynamo.client().putItem(r -> r.tableName(fixture.id + "_batches").item(item));
  }

  private EmbeddedLoader start() throws Exception {
    SluiceConfig config = fixture.config();
    return EmbeddedLoader.start(config, new PrometheusRegistry());
  }

  private void register(EmbeddedLoader loader, String key) {
    loader.registrar().register(fixture.bucket, key, fixture.size(key));
  }

  private BatchTable batches() throws Exception {
    return new BatchTable(fixture.dynamo.client(), fixture.config().tracker().tables(), Clock.systemUTC());
  }

  private FileTable files() throws Exception {
    return new FileTable(fixture.dynamo.client(), fixture.config().tracker().tables());
  }
}
