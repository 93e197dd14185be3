package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.load.LoaderStatus.ClusterStatus;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Two prefixes on two clusters, one of them cut off: the other prefix keeps loading, every due batch is locked at
 * its size, and once the cluster is back everything loads exactly once.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class ClusterIsolationTest {

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final int BATCH_SIZE = 2;
  private static final int ROWS = 3;

  private LocalDynamoDb dynamo;
  private LocalS3 s3;
  private LocalRedshift redshift;
  private String id;
  private int redshiftPort;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.redshift = redshift;
    this.id = "iso" + ProcessHandle.current().pid() + "x" + NEXT.incrementAndGet();
    this.redshiftPort = Integer.parseInt(redshift.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
    for (String bucket : List.of(bucket("healthy"), bucket("dead"), id + "-manifests")) {
      s3.createBucket(bucket);
    }
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      for (String name : List.of("healthy", "dead")) {
        statement.execute("create table " + table(name) + " (file varchar(64), seq int, msg varchar(256))");
        statement.execute("grant all on " + table(name) + " to " + redshift.user());
      }
    }
  }

  @Test
  void outageOfOneClusterNeitherDelaysTheOtherPrefixNorLetsBatchesGrowAndEverythingLoadsOnceItReturns()
      throws Exception {
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(new InetSocketAddress("127.0.0.1", redshiftPort))) {
      relay.down();
      PrometheusRegistry registry = new PrometheusRegistry();
      try (EmbeddedLoader loader = EmbeddedLoader.start(config(relay.port()), registry)) {
        // More batches than the old fixed pool had threads, all waiting for the dead cluster.
        for (int i = 0; i < 12; i++) {
          register(loader, "dead", "d" + i + ".json");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> batches(prefix("dead"), BatchStatus.LOCKED).size() == 6);

        for (int i = 0; i < 5; i++) {
          register(loader, "healthy", "h" + i + ".json");
        }
        // A batch's rows are visible once its COPY commits, a moment before the batch is marked complete.
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("healthy") == 5 * ROWS
            && batches(prefix("healthy"), BatchStatus.COMPLETE).size() == 3);

        assertThat(rows("dead")).isZero();
        assertThat(batches(prefix("dead"), BatchStatus.LOCKED)).hasSize(6);
        assertThat(loader.status().clusters()).filteredOn(cluster -> cluster.endpoint().equals("localhost"))
            .singleElement().satisfies(cluster -> {
              assertThat(cluster.available()).isFalse();
              assertThat(cluster.outageSince()).isNotNull();
              assertThat(cluster.waitingLoads()).isEqualTo(6);
            });
        assertThat(gauge(registry, "sluice_loader_cluster_available", "localhost")).isEqualTo(0.0);
        assertThat(gauge(registry, "sluice_loader_cluster_available", "127.0.0.1")).isEqualTo(1.0);

        relay.up();

        await().atMost(Duration.ofSeconds(60)).until(() -> rows("dead") == 12 * ROWS);
        await().atMost(Duration.ofSeconds(10)).until(() -> loader.status().clusters().stream()
            .allMatch(ClusterStatus::available));
      }
    }
    assertThat(distinctRows("dead")).isEqualTo(12 * ROWS);
    assertThat(distinctRows("healthy")).isEqualTo(5 * ROWS);
    for (String name : List.of("healthy", "dead")) {
      List<BatchItem> all = batchTable().listByPrefix(prefix(name));
      assertThat(all).allSatisfy(batch -> assertThat(batch.distinctEntries()).hasSizeLessThanOrEqualTo(BATCH_SIZE));
      assertThat(all).noneMatch(batch -> batch.status() == BatchStatus.ERROR);
      List<String> loaded = new ArrayList<>();
      all.stream().filter(batch -> batch.status() == BatchStatus.COMPLETE)
          .forEach(batch -> batch.distinctEntries().stream().map(BatchEntry::file).forEach(loaded::add));
      assertThat(loaded).doesNotHaveDuplicates().hasSize(name.equals("dead") ? 12 : 5);
    }
  }

  private SluiceConfig config(int relayPort) throws Exception {
    String yaml = """
        %s
        loader:
          scan_interval: 200ms
          outage_retry: 5m
          outage_backoff_max: 1s
          cluster_concurrency: 1
        %s
          loads:
        %s
        %s
        """.formatted(StandInYaml.tracker(dynamo, id), StandInYaml.loaderS3(s3),
        load("healthy", "jdbc:redshift://127.0.0.1:" + redshiftPort + "/" + redshift.database()),
        load("dead", "jdbc:redshift://localhost:" + relayPort + "/" + redshift.database()));
    Map<String, String> variables = new HashMap<>(StandInYaml.secrets(dynamo, s3, redshift));
    return new ConfigLoader(variables).parse(id + ".yaml", yaml, Path.of("."));
  }

  private String load(String name, String jdbcUrl) {
    return """
            - s3_prefix: %s
              data_format: json
              batch: {size: %d, timeout: 1s}
              manifest: {bucket: %s-manifests, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
        """.formatted(prefix(name), BATCH_SIZE, id) + StandInYaml.cluster(redshift, jdbcUrl, table(name));
  }

  private void register(EmbeddedLoader loader, String name, String file) {
    String key = "logs/app/" + file;
    StringBuilder body = new StringBuilder();
    for (int seq = 0; seq < ROWS; seq++) {
      body.append("{\"file\":\"").append(file).append("\",\"seq\":").append(seq).append(",\"msg\":\"m\"}\n");
    }
    s3.client().putObject(r -> r.bucket(bucket(name)).key(key), RequestBody.fromString(body.toString(),
        StandardCharsets.UTF_8));
    loader.registrar().register(bucket(name), key, body.length());
  }

  private String bucket(String name) {
    return id + "-" + name;
  }

  private String prefix(String name) {
    return bucket(name) + "/logs/app";
  }

  private String table(String name) {
    return "public." + id + "_" + name;
  }

  private BatchTable batchTable() throws Exception {
    return new BatchTable(dynamo.client(), config(0).tracker().tables(), Clock.systemUTC());
  }

  private List<BatchItem> batches(String prefix, BatchStatus status) throws Exception {
    return batchTable().listByPrefix(prefix).stream().filter(batch -> batch.status() == status).toList();
  }

  private int rows(String name) throws SQLException {
    return count("select count(*) from " + table(name));
  }

  private int distinctRows(String name) throws SQLException {
    return count("select count(*) from (select distinct file, seq from " + table(name) + ") d");
  }

  private int count(String sql) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }

  private static double gauge(PrometheusRegistry registry, String name, String cluster) {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getPrometheusName().equals(name))
        .flatMap(snapshot -> snapshot.getDataPoints().stream())
        .filter(point -> cluster.equals(point.getLabels().get("cluster")))
        .mapToDouble(point -> ((GaugeDataPointSnapshot) point).getValue())
        .findFirst().orElse(-1);
  }
}
