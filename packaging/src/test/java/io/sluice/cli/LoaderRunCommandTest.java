package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class LoaderRunCommandTest {

  private static final AtomicInteger NEXT = new AtomicInteger();

  @TempDir
  Path dir;

  private final ExecutorService commandThread =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "sluice-loader-run-under-test"));

  private LocalDynamoDb ddb;
  private LocalS3 s3;
  private LocalRedshift redshift;
  /** This test's own bucket and target table: the Redshift stand-in is shared by every test of the JVM. */
  private String id;
  private String bucket;
  private String table;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3, LocalRedshift redshift) throws Exception {
    this.ddb = ddb;
    this.s3 = s3;
    this.redshift = redshift;
    id = "lr" + ProcessHandle.current().pid() + "x" + NEXT.incrementAndGet();
    bucket = id + "-data";
    table = "public." + id + "_events";
    s3.createBucket(bucket);
    s3.createBucket(id + "-manifests");
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("create table " + table + " (seq int, msg varchar(64))");
      statement.execute("grant all on " + table + " to " + redshift.user());
    }
  }

  @AfterEach
  void stopCommandThread() {
    commandThread.shutdownNow();
  }

  /** A loader-only file: loads and no outputs, an admin endpoint on a free port unless {@code adminPort} says. */
  private AdminConfigFile loaderOnly(int adminPort) throws Exception {
    Path file = Files.writeString(dir.resolve("loader.yaml"), """
        agent: {drain_timeout: 5s}
        tracker:
          endpoint: %s
          credentials: {access_key_id: %s, secret_access_key: "${DDB_SECRET}"}
        loader:
          scan_interval: 200ms
          s3:
            endpoint: %s
            path_style: true
            credentials: {access_key_id: %s, secret_access_key: "${S3_SECRET}"}
          loads:
            - s3_prefix: %s/logs/app
              data_format: json
              batch: {size: 1, timeout: 1h}
              manifest: {bucket: %s-manifests, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
              clusters:
                - jdbc_url: %s
                  ssl: false
                  user: %s
                  password: ${PG_PASSWORD}
                  target_table: %s
        admin: {bind: 127.0.0.1, port: %d}
        """.formatted(ddb.endpoint(), ddb.credentials().accessKeyId(), s3.endpoint(), s3.accessKeyId(), bucket, id,
        redshift.jdbcUrl(), redshift.user(), table, adminPort));
    return new AdminConfigFile(file, Map.of("DDB_SECRET", ddb.credentials().secretAccessKey(),
        "S3_SECRET", s3.secretAccessKey(), "PG_PASSWORD", redshift.password()));
  }

  private CompletableFuture<CliRun> loaderRun(AdminConfigFile config, StopSignal stop) {
    return CompletableFuture.supplyAsync(() -> CliRun.of(config.variables(), stop, "loader", "run", "-c",
        config.file().toString()), commandThread);
  }

  /** Puts an object under the loaded prefix and registers it, as an agent in embedded mode does after its upload. */
  private void upload(String key, String jsonLines) {
    byte[] body = jsonLines.getBytes(StandardCharsets.UTF_8);
    s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
    new FileRegistrar(ddb.client(), LambdaTracker.TABLES, Clock.systemUTC(), Sleeper.blocking(), 100)
        .register(bucket, key, body.length);
  }

  private List<String> rows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = redshift.connectAsAdmin(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select seq, msg from " + table + " order by seq")) {
      while (result.next()) {
        rows.add(result.getInt(1) + ":" + result.getString(2));
      }
    }
    return rows;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void loadsADueBatchIntoRedshiftUntilTheStopSignalThenExitsZero() throws Exception {
    AdminConfigFile config = loaderOnly(0);
    StopLatch stop = new StopLatch();
    CompletableFuture<CliRun> run = loaderRun(config, stop);
    Daemon loader = await().atMost(Duration.ofSeconds(30)).until(stop::running, Optional::isPresent).orElseThrow();

    upload("logs/app/part-0001.json", "{\"seq\":1,\"msg\":\"first\"}\n{\"seq\":2,\"msg\":\"second\"}\n");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(rows()).containsExactly("1:first", "2:second"));
    JsonNode complete = new ObjectMapper().readTree(config.run("batches", "list", "--status", "complete", "--json")
        .out());
    assertThat(complete).extracting(batch -> batch.get("s3Prefix").asText()).containsExactly(bucket + "/logs/app");
    int adminPort = loader.adminPort().orElseThrow();
    assertThat(get(adminPort, "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(adminPort, "/metrics").body()).contains("sluice_loader_batches_total", "jvm_memory");
    stop.pull();

    assertThat(run).succeedsWithin(30, TimeUnit.SECONDS).satisfies(result -> {
      assertThat(result.exitCode()).isZero();
      assertThat(result.err()).isEmpty();
    });
    assertThat(loader.adminPort()).isEmpty();
  }

  @Test
  void aFileWithoutLoadsIsAConfigurationErrorAndStartsNothing() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.yaml"), """
        buffer: {directory: %s}
        outputs:
          - {name: archive, type: local, directory: %s}
        """.formatted(dir.resolve("buffer"), dir.resolve("archive")));

    CliRun run = CliRun.of("loader", "run", "-c", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        file + ": loader.loads: a standalone loader needs at least one load configuration");
  }

  @Test
  void anAdminPortInUseIsOneLineAndExitsOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of(loaderOnly(taken.getLocalPort()).variables(), new StopLatch(), "loader", "run", "-c",
          dir.resolve("loader.yaml").toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errLines()).singleElement().asString()
          .startsWith("sluice: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for the admin endpoint");
    }
  }
}
