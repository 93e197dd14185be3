package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.admin.BatchReprocessing;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileTable;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A batch that committed on one cluster and failed on another: reprocessing it loads it once into the second and
 * leaves the first one's rows single (the Lambda's H7), because the first cluster's load receipt skips it there.
 * The two clusters are two roles on the stand-in, each with its own schema, so each has its own receipts table.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class PartialLoadReprocessTest {

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String SECOND_PASSWORD = "second-cluster-pw";
  private static final int ROWS = 4;

  private LocalDynamoDb dynamo;
  private LocalS3 s3;
  private LocalRedshift redshift;
  private String id;
  private String secondRole;
  private int redshiftPort;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.redshift = redshift;
    this.id = "plr" + ProcessHandle.current().pid() + "x" + NEXT.incrementAndGet();
    this.secondRole = id + "_second";
    this.redshiftPort = Integer.parseInt(redshift.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
    s3.createBucket(id + "-data");
    s3.createBucket(id + "-manifests");
    admin("create table " + firstTable() + " (file varchar(64), seq int, msg varchar(256))",
        "grant all on " + firstTable() + " to " + redshift.user(),
        "create role " + secondRole + " login password '" + SECOND_PASSWORD + "'",
        "create schema " + secondRole + " authorization " + secondRole,
        "alter role " + secondRole + " set search_path = " + secondRole + ", public");
  }

  @Test
  void reprocessingABatchThatCommittedOnOneClusterLoadsTheOtherOnceAndLeavesTheFirstSingle() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (EmbeddedLoader loader = EmbeddedLoader.start(config(), registry)) {
      register(loader, "a.json");
      register(loader, "b.json");
      await().atMost(Duration.ofSeconds(30)).until(() -> !batches(BatchStatus.ERROR).isEmpty());
      BatchItem failed = batches(BatchStatus.ERROR).get(0);
      assertThat(failed.clusterLoadStatus()).contains("\"127.0.0.1\":{\"status\":0").contains("\"localhost\":{\"status\":-1");
      assertThat(count("select count(*) from " + firstTable())).isEqualTo(2 * ROWS);

      admin("create table " + secondTable() + " (file varchar(64), seq int, msg varchar(256))",
          "alter table " + secondTable() + " owner to " + secondRole);
      BatchReprocessing reprocessing = new BatchReprocessor(batchTable(), files(), loader.registrar(),
          s3.client(), true).reprocess(prefix(), failed.batchId());

      assertThat(reprocessing.outcome()).isEqualTo(BatchReprocessing.Outcome.REOPENED);
      assertThat(reprocessing.committedClusters()).containsExactly("127.0.0.1");
      await().atMost(Duration.ofSeconds(30)).until(() -> batchTable().get(prefix(), failed.batchId()).orElseThrow()
          .status() == BatchStatus.COMPLETE);
      assertThat(skippedByReceipt(registry)).isEqualTo(1.0);
    }
    assertThat(count("select count(*) from " + firstTable())).isEqualTo(2 * ROWS);
    assertThat(count("select count(*) from " + secondTable())).isEqualTo(2 * ROWS);
    assertThat(count("select count(*) from (select distinct file, seq from " + secondTable() + ") d"))
        .isEqualTo(2 * ROWS);
    assertThat(batchTable().listByPrefix(prefix())).singleElement()
        .satisfies(batch -> assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETE));
  }

  private SluiceConfig config() throws Exception {
    String yaml = """
        %s
        loader:
          scan_interval: 200ms
          outage_retry: 1m
          outage_backoff_max: 1s
        %s
          loads:
            - s3_prefix: %s
              data_format: json
              batch: {size: 10, timeout: 1s}
              manifest: {bucket: %s-manifests, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
              clusters:
                - jdbc_url: jdbc:redshift://127.0.0.1:%d/%s
                  ssl: false
                  user: %s
                  password: ${PG_PASSWORD}
                  target_table: %s
                - jdbc_url: jdbc:redshift://localhost:%d/%s
                  ssl: false
                  user: %s
                  password: ${SECOND_PASSWORD}
                  target_table: %s
        """.formatted(StandInYaml.tracker(dynamo, id), StandInYaml.loaderS3(s3), prefix(), id, redshiftPort,
        redshift.database(), redshift.user(), firstTable(), redshiftPort, redshift.database(), secondRole,
        secondTable());
    Map<String, String> variables = new HashMap<>(StandInYaml.secrets(dynamo, s3, redshift));
    variables.put("SECOND_PASSWORD", SECOND_PASSWORD);
    return new ConfigLoader(variables).parse(id + ".yaml", yaml, Path.of("."));
  }

  private void register(EmbeddedLoader loader, String file) {
    String key = "logs/app/" + file;
    StringBuilder body = new StringBuilder();
    for (int seq = 0; seq < ROWS; seq++) {
      body.append("{\"file\":\"").append(file).append("\",\"seq\":").append(seq).append(",\"msg\":\"m\"}\n");
    }
    s3.client().putObject(r -> r.bucket(id + "-data").key(key), RequestBody.fromString(body.toString(),
        StandardCharsets.UTF_8));
    loader.registrar().register(id + "-data", key, body.length());
  }

  private String prefix() {
    return id + "-data/logs/app";
  }

  private String firstTable() {
    return "public." + id + "_events";
  }

  private String secondTable() {
    return secondRole + ".events";
  }

  private BatchTable batchTable() throws Exception {
    return new BatchTable(dynamo.client(), config().tracker().tables(), Clock.systemUTC());
  }

  private FileTable files() throws Exception {
    return new FileTable(dynamo.client(), config().tracker().tables());
  }

  private List<BatchItem> batches(BatchStatus status) throws Exception {
    return batchTable().listByPrefix(prefix()).stream().filter(batch -> batch.status() == status).toList();
  }

  private void admin(String... statements) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private int count(String sql) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }

  private static double skippedByReceipt(PrometheusRegistry registry) {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals("sluice_loader_clusters_skipped_by_receipt"))
        .flatMap(snapshot -> snapshot.getDataPoints().stream())
        .filter(point -> "127.0.0.1".equals(point.getLabels().get("cluster")))
        .mapToDouble(point -> ((CounterDataPointSnapshot) point).getValue())
        .findFirst().orElse(-1);
  }
}
