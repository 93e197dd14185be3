package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The admin commands through the assembled distribution's launcher, as an operator or a script runs them: their
 * result alone on stdout, logs on stderr, exit 0 on success, 1 when the command fails, 2 for a usage or
 * configuration error.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class AdminDistributionIT {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("sluice.dist", "target/sluice")).resolve("bin/sluice").toAbsolutePath();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private LocalDynamoDb ddb;
  private Path config;

  /** What a finished child process printed. */
  private record Finished(int exitCode, String out, String err) {}

  @BeforeEach
  void setUp(LocalDynamoDb ddb) throws Exception {
    this.ddb = ddb;
    config = Files.writeString(dir.resolve("loader.yaml"), """
        tracker:
          endpoint: %s
          credentials: {access_key_id: %s, secret_access_key: "${DDB_SECRET}"}
        loader:
          loads:
            - s3_prefix: bkt/logs/app.access
              manifest: {bucket: manifests-bkt}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
              clusters:
                - endpoint: analytics.abc123.eu-west-1.redshift.amazonaws.com
                  user: loader
                  target_table: public.access
        """.formatted(ddb.endpoint(), ddb.credentials().accessKeyId()));
  }

  private Finished sluice(String logLevel, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().remove("SLUICE_LOG_LEVEL");
    if (logLevel != null) {
      builder.environment().put("SLUICE_LOG_LEVEL", logLevel);
    }
    builder.environment().put("DDB_SECRET", ddb.credentials().secretAccessKey());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sluice finished within a minute").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Finished(process.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  @Test
  void jsonOutputIsTheOnlyThingOnStdoutAndOnlyWarningsAreLoggedByDefault() throws Exception {
    Finished run = sluice(null, "loader", "setup", "--json", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(run.out());
    assertThat(document.at("/configs/0/s3Prefix").asText()).isEqualTo("bkt/logs/app.access");
    // The cluster has no password, in YAML or in an item: the one warning a Lambda deployment needs to see.
    assertThat(run.err().lines()).singleElement().asString()
        .contains("WARN", "gets no connectPassword");
  }

  @Test
  void aLogLevelFromTheEnvironmentLogsToStderrAndLeavesStdoutToTheResult() throws Exception {
    Finished run = sluice("info", "loader", "setup", "--json", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("configs")).hasSize(1);
    assertThat(run.err()).contains("INFO", "Created DynamoDB table LambdaRedshiftBatches");
  }

  @Test
  void anErrorIsOneLineOnStderrAndNothingOnStdout() throws Exception {
    Finished run = sluice(null, "batches", "describe", "--prefix", "bkt/logs/app.access", "no-such-batch",
        "-c", config.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("sluice: A tracker table does not exist at " + ddb.endpoint()
        + " (Cannot do operations on a non-existent table); check -c, --region and --endpoint, or create the "
        + "tables with sluice loader setup\n");
  }

  @Test
  void everyTrackerCommandAndTheStandaloneLoaderWorkThroughTheLauncher(LocalS3 s3, LocalRedshift redshift)
      throws Exception {
    String id = "adm" + ProcessHandle.current().pid();
    String bucket = id + "-data";
    String prefix = bucket + "/logs/app";
    String table = "public." + id + "_events";
    s3.createBucket(bucket);
    s3.createBucket(id + "-manifests");
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("create table " + table + " (seq int, msg varchar(64))");
      statement.execute("grant all on " + table + " to " + redshift.user());
    }
    Path loaderConfig = Files.writeString(dir.resolve("standalone.yaml"), """
        agent: {drain_timeout: 5s}
        %s
        loader:
          scan_interval: 200ms
        %s
          loads:
            - s3_prefix: %s
              data_format: json
              batch: {size: 100, timeout: 1s}
              manifest: {bucket: %s-manifests, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
        %s
        admin: {bind: 127.0.0.1, port: 0}
        """.formatted(StandInYaml.tracker(ddb, null), StandInYaml.loaderS3(s3), prefix, id,
        StandInYaml.cluster(redshift, redshift.jdbcUrl(), table)));
    Launcher sluice = new Launcher(dir, StandInYaml.secrets(ddb, s3, redshift));
    String c = loaderConfig.toString();

    Launcher.Finished setup = sluice.run("loader", "setup", "-c", c);
    assertThat(setup.exitCode()).as(setup.describe()).isZero();
    assertThat(setup.out()).startsWith("Tables ready: ").contains("Config " + prefix + ": created");

    LambdaTracker lambda = LambdaTracker.existing(ddb.client());
    for (int i = 1; i <= 4; i++) {
      int part = i;
      s3.client().putObject(r -> r.bucket(bucket).key("logs/app/part-" + part + ".json"),
          RequestBody.fromString("{\"seq\":" + part + ",\"msg\":\"part " + part + "\"}\n"));
    }
    lambda.batch(prefix, "error-1", "error", "1795618100", sized(prefix + "/part-1.json", 25L));
    lambda.file(prefix + "/part-1.json", "2026-11-25 14:00:00", "error-1");
    lambda.batch(prefix, "locked-1", "locked", "1795618200", sized(prefix + "/part-2.json", 25L));
    lambda.file(prefix + "/part-2.json", "2026-11-25 14:00:01", "locked-1");
    lambda.file(prefix + "/part-3.json", "2026-11-25 14:00:02", null);

    Map<String, Launcher.Finished> reads = sluice.runAll(Map.of(
        "list", List.of("batches", "list", "-c", c),
        "list error json", List.of("batches", "list", "--status", "error", "--json", "-c", c),
        "describe json", List.of("batches", "describe", "--prefix", prefix, "error-1", "--json", "-c", c),
        "query json", List.of("files", "query", prefix + "/part-1.json", "--json", "-c", c),
        "reconcile dry run", List.of("batches", "reconcile", "--dry-run", "--json", "-c", c),
        "usage error", List.of("batches", "describe", "error-1", "-c", c),
        "admin failure", List.of("status", "--url", "http://127.0.0.1:9")));

    assertThat(reads.get("list").exitCode()).as(reads.get("list").describe()).isZero();
    assertThat(reads.get("list").out()).contains("error-1", "locked-1")
        .endsWith("2 batches (1 locked, 1 error), 1 stale (no update for 30m)\n");
    JsonNode errors = JSON.readTree(reads.get("list error json").out());
    assertThat(errors).singleElement().satisfies(batch -> {
      assertThat(batch.get("batchId").asText()).isEqualTo("error-1");
      assertThat(batch.get("lastUpdate").isNumber()).isTrue();
    });
    JsonNode described = JSON.readTree(reads.get("describe json").out());
    assertThat(described.get("status").asText()).as("plain JSON, not {\"S\": ...}").isEqualTo("error");
    assertThat(described.at("/entryMap/0/size").asLong()).isEqualTo(25);
    JsonNode queried = JSON.readTree(reads.get("query json").out());
    assertThat(queried.get("batchId").asText()).isEqualTo("error-1");
    assertThat(queried.get("timesReceived").isNumber()).isTrue();
    JsonNode findings = JSON.readTree(reads.get("reconcile dry run").out());
    assertThat(findings.get("dryRun").asBoolean()).isTrue();
    assertThat(findings.get("findings")).extracting(finding -> finding.get("file").asText())
        .containsExactly(prefix + "/part-3.json");
    assertThat(reads.get("usage error").exitCode()).isEqualTo(2);
    assertThat(reads.get("usage error").err()).startsWith("sluice: Missing required option: '--prefix=S3PREFIX'");
    assertThat(reads.get("admin failure").exitCode()).isEqualTo(1);
    assertThat(reads.get("admin failure").err()).startsWith("sluice: Cannot reach the admin endpoint");

    Map<String, Launcher.Finished> writes = sluice.runAll(Map.of(
        "unlock", List.of("batches", "unlock", "--prefix", prefix, "locked-1", "--json", "-c", c),
        "reprocess", List.of("batches", "reprocess", "--prefix", prefix, "error-1", "--json", "-c", c),
        "delete", List.of("files", "delete", prefix + "/part-3.json", "--json", "-c", c)));
    writes.values().forEach(run -> assertThat(run.exitCode()).as(run.describe()).isZero());
    assertThat(JSON.readTree(writes.get("unlock").out()).get("status").asText()).isEqualTo("open");
    assertThat(JSON.readTree(writes.get("reprocess").out()).at("/0/status").asText()).isEqualTo("reprocessed");
    assertThat(JSON.readTree(writes.get("delete").out()).get("loadFile").asText()).isEqualTo(prefix + "/part-3.json");
    Launcher.Finished fileReprocess = sluice.run("files", "reprocess", prefix + "/part-4.json", "-c", c);
    assertThat(fileReprocess.exitCode()).as(fileReprocess.describe()).isZero();
    assertThat(fileReprocess.out()).startsWith(prefix + "/part-4.json: registered into batch ");

    Path log = dir.resolve("loader-run.log");
    Process loader = sluice.builder("loader", "run", "-c", c).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows(redshift, table))
          .containsExactlyInAnyOrder("1:part 1", "2:part 2", "4:part 4"));
      loader.destroy();

      assertThat(loader.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(loader.exitValue()).as("a graceful stop exits 0: %s", Files.readString(log)).isZero();
    } finally {
      loader.destroyForcibly();
    }
  }

  private static List<String> rows(LocalRedshift redshift, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = redshift.connectAsAdmin(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select seq, msg from " + table + " order by seq")) {
      while (result.next()) {
        rows.add(result.getInt(1) + ":" + result.getString(2));
      }
    }
    return rows;
  }

  @Test
  void theShippedConfigServesTheTrackerCommandsWithoutItsSecrets() throws Exception {
    LambdaTracker.create(ddb.client());
    // Only the SDK's own credentials, as an instance role would give them; no SLUICE_* variable at all.
    Launcher sluice = new Launcher(dir, Map.of("AWS_ACCESS_KEY_ID", ddb.credentials().accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", ddb.credentials().secretAccessKey()));
    List<String> shipped = List.of("-c", "conf/sluice.yaml", "--endpoint", ddb.endpoint().toString());

    Map<String, Launcher.Finished> runs = sluice.runAll(Map.of(
        "list", concat(List.of("batches", "list"), shipped),
        "query", concat(List.of("files", "query", "acme-logs/logs/app.access/a.json"), shipped),
        "setup", concat(List.of("loader", "setup", "--json"), shipped),
        "setup with kms", concat(List.of("loader", "setup", "--kms-key"), shipped)));

    assertThat(runs.get("list").exitCode()).as(runs.get("list").describe()).isZero();
    assertThat(runs.get("list").out()).isEqualTo("No batches.\n");
    assertThat(runs.get("query").exitCode()).as("an admin failure, not a configuration error").isEqualTo(1);
    assertThat(runs.get("query").err()).startsWith("sluice: No processed file acme-logs/logs/app.access/a.json");
    assertThat(runs.get("setup").exitCode()).as(runs.get("setup").describe()).isZero();
    assertThat(JSON.readTree(runs.get("setup").out()).at("/configs/0/s3Prefix").asText())
        .isEqualTo("acme-logs/logs/app.access");
    assertThat(runs.get("setup with kms").exitCode()).as("encrypting the password needs it").isEqualTo(2);
    assertThat(runs.get("setup with kms").err()).startsWith("conf/sluice.yaml:")
        .contains("loader.loads[0].clusters[0].password: environment variable SLUICE_REDSHIFT_PASSWORD is not set");
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
