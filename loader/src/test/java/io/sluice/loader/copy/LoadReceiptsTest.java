package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.LoadConfig.DataFormat;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.copy.ClusterLoader.ReceiptCheck;
import io.sluice.loader.copy.LoadError.Kind;
import io.sluice.loader.copy.LoadReceipts.Receipt;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** Load receipts settle the outcome of a load whose connection was lost after COMMIT. */
@ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})
class LoadReceiptsTest {

  private static final ManifestConfig MANIFESTS = new ManifestConfig("mf-bucket", "manifests", null);
  private static final LoadConfig LOAD = new LoadConfig("data/logs", null, DataFormat.JSON, null, null, false, null,
      null, null, null, MANIFESTS, null, null);
  private static final CopyAuthorization AUTH = CopyAuthorization.of(
      new CopyCredentials("arn:aws:iam::123456789012:role/copy", null, null, null), null,
      null, null);
  private static final LoadReceipts RECEIPTS = new LoadReceipts("sluice_load_receipts");

  private LocalS3 s3;
  private LocalRedshift redshift;
  private ManifestLocation manifest;

  @BeforeEach
  void setUp(LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.s3 = s3;
    this.redshift = redshift;
    s3.createBucket("data");
    s3.createBucket("mf-bucket");
    s3.client().putObject(r -> r.bucket("data").key("logs/a.json"),
        RequestBody.fromString("{\"id\": 1}\n{\"id\": 2}\n"));
    manifest = new ManifestStore(s3.client()).write(MANIFESTS, List.of(new BatchEntry("data/logs/a.json", 20)),
        Instant.parse("2026-11-25T15:04:05Z"));
    sql("CREATE TABLE events (id integer)");
  }

  @Test
  void committedLoadLeavesAReceiptThatSaysSo() throws Exception {
    ClusterLoader loader = loader(redshift.jdbcUrl(), null);
    Receipt receipt = new Receipt("data/logs", "batch-1", manifest.url());

    assertThat(loader.load(script(null), receipt).ok()).isTrue();

    assertThat(loader.committed(receipt)).isEqualTo(ReceiptCheck.COMMITTED);
    assertThat(column("SELECT batch_id || ' ' || manifest FROM sluice_load_receipts"))
        .containsExactly("batch-1 " + manifest.url());
  }

  @Test
  void loadThatNeverCommittedHasNoReceipt() throws Exception {
    ClusterLoader loader = loader(redshift.jdbcUrl(), null);
    loader.load(script(null), new Receipt("data/logs", "batch-1", manifest.url()));

    assertThat(loader.committed(new Receipt("data/logs", "batch-2", manifest.url())))
        .isEqualTo(ReceiptCheck.NOT_COMMITTED);
  }

  @Test
  void failedLoadLeavesNoReceipt() throws Exception {
    ClusterLoader loader = loader(redshift.jdbcUrl(), null);
    Receipt receipt = new Receipt("data/logs", "batch-1", manifest.url());

    assertThat(loader.load(script("INSERT INTO no_such_table VALUES (1)"), receipt).ok()).isFalse();

    assertThat(loader.committed(receipt)).isEqualTo(ReceiptCheck.NOT_COMMITTED);
  }

  @Test
  void connectionLostWhileCommittingIsSettledByTheReceiptOnceTheCommitEnds() throws Exception {
    // A deferred trigger holds the COMMIT on the server for 2 s, long enough to cut the connection under it.
    sql("CREATE TABLE commit_gate (n integer)",
        "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
            + "$$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON commit_gate DEFERRABLE INITIALLY DEFERRED "
            + "FOR EACH ROW EXECUTE FUNCTION slow_commit()");
    Receipt receipt = new Receipt("data/logs", "batch-1", manifest.url());
    ExecutorService loading = Executors.newSingleThreadExecutor(r -> new Thread(r, "receipt-test-load"));
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(redshiftAddress())) {
      ClusterLoader loader = loader("jdbc:redshift://127.0.0.1:" + relay.port() + "/dev", null);
      Future<ClusterResult> pending = loading.submit(
          () -> loader.load(script("INSERT INTO commit_gate VALUES (1)"), receipt));
      await().atMost(Duration.ofSeconds(10)).until(() -> !column(
          "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'commit%'").isEmpty());
      relay.down();
      assertThat(pending.get(10, TimeUnit.SECONDS).error().kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
      relay.up();

      // Asked while the server is still committing: the lock waits for the COMMIT instead of reading too early.
      assertThat(loader.committed(receipt)).isEqualTo(ReceiptCheck.COMMITTED);
      assertThat(column("SELECT count(*) FROM events")).containsExactly("2");
    } finally {
      loading.shutdownNow();
      assertThat(loading.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void unreachableClusterCannotSettleAReceiptYet() throws Exception {
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(redshiftAddress())) {
      relay.down();
      ClusterLoader loader = loader("jdbc:redshift://127.0.0.1:" + relay.port() + "/dev", null);

      assertThat(loader.committed(new Receipt("data/logs", "batch-1", manifest.url())))
          .isEqualTo(ReceiptCheck.UNREACHABLE);
    }
  }

  @Test
  void userWithoutTheRightToCreateTheReceiptsTableStillLoads() throws Exception {
    sql("CREATE SCHEMA IF NOT EXISTS locked_down");
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("ALTER SCHEMA locked_down OWNER TO postgres");
      statement.execute("REVOKE ALL ON SCHEMA locked_down FROM PUBLIC");
    }
    ClusterLoader loader = new ClusterLoader(new RedshiftConnector(cluster(redshift.jdbcUrl(), null),
        Duration.ofSeconds(5)), "127.0.0.1", new LoadReceipts("locked_down.receipts"));

    ClusterResult result = loader.load(script(null), new Receipt("data/logs", "batch-1", manifest.url()));

    assertThat(result.ok()).isTrue();
    assertThat(column("SELECT count(*) FROM events")).containsExactly("2");
  }

  private ClusterLoader loader(String jdbcUrl, String postSql) {
    return new ClusterLoader(new RedshiftConnector(cluster(jdbcUrl, postSql), Duration.ofSeconds(5)), "127.0.0.1",
        RECEIPTS);
  }

  private ClusterConfig cluster(String jdbcUrl, String postSql) {
    return new ClusterConfig(jdbcUrl, null, null, null, false, redshift.user(), Secret.of(redshift.password()),
        "events", null, false, null, postSql);
  }

  private CopyScript script(String postSql) {
    return CopyScript.of(LOAD, cluster(redshift.jdbcUrl(), postSql), manifest, AUTH);
  }

  private InetSocketAddress redshiftAddress() {
    URI uri = URI.create(redshift.jdbcUrl().substring("jdbc:".length()));
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  private void sql(String... statements) throws SQLException {
    StandInSql.execute(redshift.connect(), statements);
  }

  private List<String> column(String query) throws SQLException {
    return StandInSql.column(redshift.connectAsAdmin(), query);
  }
}
