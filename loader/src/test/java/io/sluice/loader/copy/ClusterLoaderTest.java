package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.LoadConfig.DataFormat;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.copy.LoadError.Kind;
import io.sluice.loader.manifest.ManifestLocation;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

/** Loads through the real Amazon Redshift JDBC driver into the local Redshift stand-in. */
@ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})
class ClusterLoaderTest {

  private static final ManifestConfig MANIFESTS = new ManifestConfig("mf-bucket", "manifests", null);
  private static final CopyAuthorization AUTH = CopyAuthorization.of(
      new CopyCredentials(null, "AKIAEXAMPLE", Secret.of("example-secret"), null), null, null, null);
  private static final Instant NOW = Instant.parse("2026-11-25T15:04:05Z");

  private LocalS3 s3;
  private LocalRedshift redshift;

  @BeforeEach
  void setUp(LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.s3 = s3;
    this.redshift = redshift;
    s3.createBucket("data");
    s3.createBucket("mf-bucket");
    sql("CREATE TABLE events (id integer, level varchar(16), msg varchar(256))",
        "CREATE TABLE audit (note varchar(64))");
  }

  private void sql(String... statements) throws SQLException {
    StandInSql.execute(redshift.connect(), statements);
  }

  private List<String> column(String query) throws SQLException {
    return StandInSql.column(redshift.connect(), query);
  }

  private BatchEntry put(String key, String content) {
    s3.client().putObject(r -> r.bucket("data").key(key), RequestBody.fromString(content));
    return new BatchEntry("data/" + key.replace(' ', '+'), content.length());
  }

  private ManifestLocation manifest(BatchEntry... entries) {
    return new ManifestStore(s3.client()).write(MANIFESTS, List.of(entries), NOW);
  }

  private static LoadConfig load(DataFormat format, String delimiter, boolean header) {
    return new LoadConfig("data/logs", null, format, null, delimiter, header, null, null, null, null, MANIFESTS,
        null, null);
  }

  private ClusterConfig cluster(String jdbcUrl, String columns, boolean truncate, String preSql, String postSql) {
    return new ClusterConfig(jdbcUrl, null, null, null, false, redshift.user(), Secret.of(redshift.password()),
        "events", columns, truncate, preSql, postSql);
  }

  private ClusterConfig cluster(String columns, boolean truncate, String preSql, String postSql) {
    return cluster(redshift.jdbcUrl(), columns, truncate, preSql, postSql);
  }

  private static ClusterResult run(ClusterConfig cluster, LoadConfig load, ManifestLocation manifest) {
    return run(cluster, load, manifest, AUTH);
  }

  private static ClusterResult run(ClusterConfig cluster, LoadConfig load, ManifestLocation manifest,
      CopyAuthorization auth) {
    ClusterLoader loader = new ClusterLoader(new RedshiftConnector(cluster, Duration.ofSeconds(5)),
        cluster.endpointName());
    return loader.load(CopyScript.of(load, cluster, manifest, auth));
  }

  @Test
  void jsonManifestOfTwoFilesLoadsEveryRowAndCommits() throws SQLException {
    ManifestLocation manifest = manifest(
        put("logs/a file.json", "{\"id\": 1, \"level\": \"info\", \"msg\": \"one\"}\n{\"id\": 2, \"msg\": \"two\"}\n"),
        put("logs/b.json", "{\"id\": 3, \"level\": \"error\"}\n"));

    ClusterResult result = run(cluster(null, false, null, null), load(DataFormat.JSON, null, false), manifest);

    assertThat(result).isEqualTo(ClusterResult.success("127.0.0.1"));
    assertThat(column("SELECT id || ':' || coalesce(level, '-') || ':' || coalesce(msg, '-') FROM events ORDER BY id"))
        .containsExactly("1:info:one", "2:-:two", "3:error:-");
  }

  @Test
  void csvWithHeaderLoadsIntoTheListedColumns() throws SQLException {
    ManifestLocation manifest = manifest(put("logs/a.csv", "msg|id\nhello|7\nworld|8\n"));

    ClusterResult result = run(cluster("msg, id", false, null, null), load(DataFormat.CSV, "|", true), manifest);

    assertThat(result.ok()).isTrue();
    assertThat(column("SELECT msg || '=' || id FROM events ORDER BY id")).containsExactly("hello=7", "world=8");
  }

  @Test
  void removeQuotesLoadsDelimitedTextWithoutFormatAsCsv() throws SQLException {
    ManifestLocation manifest = manifest(put("logs/a.txt", "\"1\"|\"info\"\n\"2\"|\"warn\"\n"));
    LoadConfig load = new LoadConfig("data/logs", null, DataFormat.CSV, null, "|", false, null, null, "REMOVEQUOTES",
        null, MANIFESTS, null, null);

    ClusterResult result = run(cluster("id, level", false, null, null), load, manifest);

    assertThat(result.ok()).isTrue();
    assertThat(column("SELECT id || level FROM events ORDER BY id")).containsExactly("1info", "2warn");
  }

  @Test
  void gzipCompressedFilesLoad() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("{\"id\": 5}\n".getBytes(StandardCharsets.UTF_8));
    }
    s3.client().putObject(r -> r.bucket("data").key("logs/a.json.gz"), RequestBody.fromBytes(compressed.toByteArray()));
    ManifestLocation manifest = manifest(new BatchEntry("data/logs/a.json.gz", compressed.size()));
    LoadConfig load = new LoadConfig("data/logs", null, DataFormat.JSON, null, null, false, null, "gzip", null, null,
        MANIFESTS, null, null);

    assertThat(run(cluster(null, false, null, null), load, manifest).ok()).isTrue();
    assertThat(column("SELECT id FROM events")).containsExactly("5");
  }

  @Test
  void iamRoleAndProcessCredentialsAreAcceptedByTheCopy() throws SQLException {
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n"));
    CopyAuthorization role = CopyAuthorization.of(
        new CopyCredentials("arn:aws:iam::123456789012:role/redshift-copy", null, null, null), null, null, null);
    CopyAuthorization process = CopyAuthorization.of(null, StaticCredentialsProvider.create(
        AwsSessionCredentials.create("ASIAPROCESS", "process-secret", "process-token")), null, null);

    assertThat(run(cluster(null, false, null, null), load(DataFormat.JSON, null, false), manifest, role).ok())
        .isTrue();
    assertThat(run(cluster(null, false, null, null), load(DataFormat.JSON, null, false), manifest, process).ok())
        .isTrue();
    assertThat(column("SELECT count(*) FROM events")).containsExactly("2");
  }

  @Test
  void presqlTruncateAndPostsqlCommitWithTheCopy() throws SQLException {
    sql("INSERT INTO events (id) VALUES (99)");
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n"));

    ClusterResult result = run(cluster(null, true, "INSERT INTO audit VALUES ('before');",
        "INSERT INTO audit SELECT 'after ' || count(*) FROM events"), load(DataFormat.JSON, null, false), manifest);

    assertThat(result.ok()).isTrue();
    assertThat(column("SELECT id FROM events")).containsExactly("1");
    assertThat(column("SELECT note FROM audit ORDER BY note")).containsExactly("after 1", "before");
  }

  @Test
  void failingPostsqlRollsBackPresqlTruncateAndCopy() throws SQLException {
    sql("INSERT INTO events (id) VALUES (99)");
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n{\"id\": 2}\n"));

    ClusterResult result = run(cluster(null, true, "INSERT INTO audit VALUES ('before')",
        "INSERT INTO no_such_table VALUES (1)"), load(DataFormat.JSON, null, false), manifest);

    assertThat(result.ok()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.PERMANENT);
    assertThat(result.error().sqlState()).isEqualTo("42P01");
    assertThat(column("SELECT id FROM events")).containsExactly("99");
    assertThat(column("SELECT note FROM audit")).isEmpty();
  }

  @Test
  void unknownColumnIsPermanentWithThePgCodeInItsJson() {
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n"));

    ClusterResult result = run(cluster("id, nope", false, null, null), load(DataFormat.JSON, null, false), manifest);

    assertThat(result.ok()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.PERMANENT);
    assertThat(result.error().json()).contains("\"code\":\"42703\"").contains("nope");
  }

  @Test
  void valueOfTheWrongTypeIsPermanent() {
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": \"not a number\"}\n"));

    ClusterResult result = run(cluster(null, false, null, null), load(DataFormat.JSON, null, false), manifest);

    assertThat(result.error().kind()).isEqualTo(Kind.PERMANENT);
    assertThat(result.error().sqlState()).startsWith("22");
  }

  @Test
  void missingFileIsRetryableAsTheLambdaRetriesIt() throws SQLException {
    BatchEntry gone = put("logs/gone.json", "{\"id\": 1}\n");
    ManifestLocation manifest = manifest(gone);
    s3.client().deleteObject(r -> r.bucket("data").key("logs/gone.json"));

    ClusterResult result = run(cluster(null, false, null, null), load(DataFormat.JSON, null, false), manifest);

    assertThat(result.error().kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(result.error().message()).contains("The specified key does not exist");
    assertThat(column("SELECT count(*) FROM events")).containsExactly("0");
  }

  @Test
  void clusterThatCannotBeReachedIsRetryable() throws Exception {
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n"));
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(redshiftAddress())) {
      relay.down();

      ClusterResult result = run(cluster(relayUrl(relay), null, false, null, null),
          load(DataFormat.JSON, null, false), manifest);

      assertThat(result.ok()).isFalse();
      assertThat(result.error().kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(result.error().sqlState()).startsWith("08");
    }
  }

  @Test
  void connectionLostWhileCommittingLeavesTheOutcomeUnknown() throws Exception {
    // A deferred trigger holds the COMMIT on the server long enough to cut the connection under it.
    sql("CREATE TABLE commit_gate (n integer)",
        "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
            + "$$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON commit_gate DEFERRABLE INITIALLY DEFERRED "
            + "FOR EACH ROW EXECUTE FUNCTION slow_commit()");
    ManifestLocation manifest = manifest(put("logs/a.json", "{\"id\": 1}\n{\"id\": 2}\n"));
    ExecutorService loading = Executors.newSingleThreadExecutor(r -> new Thread(r, "cluster-loader-test"));
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(redshiftAddress())) {
      Future<ClusterResult> pending = loading.submit(() -> run(cluster(relayUrl(relay), null, false, null,
          "INSERT INTO commit_gate VALUES (1)"), load(DataFormat.JSON, null, false), manifest));
      await().atMost(Duration.ofSeconds(10)).until(() -> !column(
          "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'commit%'").isEmpty());

      relay.down();
      ClusterResult result = pending.get(10, TimeUnit.SECONDS);

      assertThat(result.error().kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
      // Unknown indeed: the server goes on and commits the load its client no longer hears about.
      await().atMost(Duration.ofSeconds(10)).until(() -> column("SELECT count(*) FROM events").equals(List.of("2")));
    } finally {
      loading.shutdownNow();
      assertThat(loading.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private InetSocketAddress redshiftAddress() {
    URI uri = URI.create(redshift.jdbcUrl().substring("jdbc:".length()));
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  private static String relayUrl(SwitchableTcpRelay relay) {
    return "jdbc:redshift://127.0.0.1:" + relay.port() + "/dev";
  }
}
