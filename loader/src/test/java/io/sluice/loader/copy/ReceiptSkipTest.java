package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.LoadConfig.DataFormat;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.copy.LoadReceipts.Receipt;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** A receipt of a batch on a cluster makes every later load of that batch there a no-op (exactly once, H7). */
@ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})
class ReceiptSkipTest {

  private static final ManifestConfig MANIFESTS = new ManifestConfig("mf-bucket", "manifests", null);
  private static final LoadConfig LOAD = new LoadConfig("data/logs", null, DataFormat.JSON, null, null, false, null,
      null, null, null, MANIFESTS, null, null);
  private static final CopyAuthorization AUTH = CopyAuthorization.of(
      new CopyCredentials("arn:aws:iam::123456789012:role/copy", null, null, null), null, null, null);
  private static final LoadReceipts RECEIPTS = new LoadReceipts("sluice_load_receipts");

  private LocalRedshift redshift;
  private ManifestStore manifests;

  @BeforeEach
  void setUp(LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.redshift = redshift;
    s3.createBucket("data");
    s3.createBucket("mf-bucket");
    s3.client().putObject(r -> r.bucket("data").key("logs/a.json"),
        RequestBody.fromString("{\"id\": 1}\n{\"id\": 2}\n"));
    manifests = new ManifestStore(s3.client());
    StandInSql.execute(redshift.connect(), "CREATE TABLE events (id integer)");
  }

  @Test
  void receiptOfTheBatchUnderAnotherManifestSkipsTheClusterWithoutLoading() throws Exception {
    StandInSql.execute(redshift.connect(), "CREATE TABLE sluice_load_receipts (s3_prefix varchar(1024),"
        + " batch_id varchar(64), manifest varchar(1024), loaded_at timestamp)",
        "INSERT INTO sluice_load_receipts VALUES ('data/logs', 'batch-1', 's3://mf-bucket/manifests/earlier',"
            + " '2026-11-25 15:00:00')");
    ManifestLocation manifest = manifest();

    ClusterResult result = loader().load(script(manifest), new Receipt("data/logs", "batch-1", manifest.url()));

    assertThat(result).isEqualTo(ClusterResult.alreadyLoaded("127.0.0.1"));
    assertThat(column("SELECT count(*) FROM events")).containsExactly("0");
    assertThat(column("SELECT count(*) FROM sluice_load_receipts")).containsExactly("1");
  }

  @Test
  void receiptOfAnotherBatchDoesNotSkipTheLoad() throws Exception {
    ManifestLocation first = manifest();
    loader().load(script(first), new Receipt("data/logs", "batch-1", first.url()));
    ManifestLocation second = manifest();

    ClusterResult result = loader().load(script(second), new Receipt("data/logs", "batch-2", second.url()));

    assertThat(result).isEqualTo(ClusterResult.success("127.0.0.1"));
    assertThat(column("SELECT count(*) FROM events")).containsExactly("4");
  }

  @Test
  void secondLoadOfACommittedBatchIsSkipped() throws Exception {
    ManifestLocation first = manifest();
    loader().load(script(first), new Receipt("data/logs", "batch-1", first.url()));
    ManifestLocation again = manifest();

    ClusterResult result = loader().load(script(again), new Receipt("data/logs", "batch-1", again.url()));

    assertThat(result.alreadyLoaded()).isTrue();
    assertThat(column("SELECT count(*) FROM events")).containsExactly("2");
  }

  private ManifestLocation manifest() {
    return manifests.write(MANIFESTS, List.of(new BatchEntry("data/logs/a.json", 20)), Instant.now());
  }

  private ClusterLoader loader() {
    return new ClusterLoader(new RedshiftConnector(cluster(), Duration.ofSeconds(5)), "127.0.0.1", RECEIPTS);
  }

  private ClusterConfig cluster() {
    return new ClusterConfig(redshift.jdbcUrl(), null, null, null, false, redshift.user(),
        Secret.of(redshift.password()), "events", null, false, null, null);
  }

  private CopyScript script(ManifestLocation manifest) {
    return CopyScript.of(LOAD, cluster(), manifest, AUTH);
  }

  private List<String> column(String query) throws SQLException {
    return StandInSql.column(redshift.connectAsAdmin(), query);
  }
}
