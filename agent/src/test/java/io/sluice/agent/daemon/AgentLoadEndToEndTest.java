package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole pipeline: records posted over HTTP are buffered, rolled into files in S3, registered in the tracker by
 * the agent and loaded by the embedded loader, each record becoming exactly one row.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class AgentLoadEndToEndTest {

  private static final int RECORDS_PER_REQUEST = 500;

  @TempDir
  Path dir;

  @Test
  void fiftyThousandRecordsOverTwentyFilesBecomeExactlyFiftyThousandRows(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.rollSize = "600KiB";
    try (Agent agent = new Agent(setup.agent("solo", dir))) {
      agent.start();
      send(agent, List.of(0, 1), 25_000);

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> rows(redshift, setup.table) >= 50_000);
    }

    assertThat(rows(redshift, setup.table)).isEqualTo(50_000);
    assertThat(distinctRows(redshift, setup.table)).isEqualTo(50_000);
    assertThat(dataFiles(s3, setup.bucket)).hasSizeGreaterThanOrEqualTo(20);
    assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  @Test
  void threeAgentsSharingOneTrackerAndPrefixLoadEveryFileExactlyOnce(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.rollSize = "256KiB";
    setup.batchSize = 3;
    List<Agent> agents = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Agent agent = new Agent(setup.agent("agent" + i, dir.resolve("agent" + i)));
        agents.add(agent);
        agent.start();
      }
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Agent agent = agents.get(i);
        List<Integer> connections = List.of(10 * i, 10 * i + 1);
        Thread sender = new Thread(() -> send(agent, connections, 5_000), "e2e-load-sender-" + i);
        senders.add(sender);
        sender.start();
      }
      for (Thread sender : senders) {
        sender.join();
      }

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> rows(redshift, setup.table) >= 30_000);
    } finally {
      agents.forEach(Agent::close);
    }

    assertThat(rows(redshift, setup.table)).isEqualTo(30_000);
    assertThat(distinctRows(redshift, setup.table)).isEqualTo(30_000);
    assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  @Test
  void databaseOutageDuringLoadsIsWaitedOutWithNothingLostOrDoubled(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.rollSize = "128KiB";
    setup.batchSize = 2;
    URI database = URI.create(redshift.jdbcUrl().substring("jdbc:".length()));
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(
        new InetSocketAddress(database.getHost(), database.getPort()))) {
      setup.jdbcUrl = "jdbc:redshift://127.0.0.1:" + relay.port() + database.getPath();
      try (Agent agent = new Agent(setup.agent("outage", dir))) {
        agent.start();
        send(agent, List.of(0), 5_000);
        await().atMost(Duration.ofMinutes(1)).until(() -> rows(redshift, setup.table) > 0);

        relay.down();
        send(agent, List.of(1), 5_000);
        await().atMost(Duration.ofMinutes(1)).until(() -> lockedBatches(dynamo, setup) > 0);
        Thread.sleep(10_000);
        int rowsDuringOutage = rows(redshift, setup.table);
        relay.up();

        assertThat(rowsDuringOutage).isLessThan(10_000);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
            .until(() -> rows(redshift, setup.table) >= 10_000);
      }
    }
    assertThat(rows(redshift, setup.table)).isEqualTo(10_000);
    assertThat(distinctRows(redshift, setup.table)).isEqualTo(10_000);
    assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  @Test
  void agentStartedWhileDynamoDbIsUnreachableHoldsItsFilesBackAndLoadsThemOnceItIsBack(LocalDynamoDb dynamo,
      LocalS3 s3, LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(
        new InetSocketAddress(dynamo.endpoint().getHost(), dynamo.endpoint().getPort()))) {
      relay.down();
      setup.dynamoEndpoint = URI.create("http://127.0.0.1:" + relay.port());
      try (Agent agent = new Agent(setup.agent("early", dir))) {
        agent.start();
        send(agent, List.of(0), 3_000);
        await().atMost(Duration.ofMinutes(1)).until(() -> dataFiles(s3, setup.bucket).size() >= 1);
        Thread.sleep(3_000);
        assertThat(rows(redshift, setup.table)).isZero();

        relay.up();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .until(() -> rows(redshift, setup.table) >= 3_000);
      }
    }
    assertThat(rows(redshift, setup.table)).isEqualTo(3_000);
    assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  @Test
  void aGzipOutputsFilesAreLoadedThroughCopyWithGzipIntoOneRowPerRecord(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.gzip = true;
    setup.rollSize = "128KiB";
    try (Agent agent = new Agent(setup.agent("packed", dir))) {
      agent.start();
      send(agent, List.of(0, 1), 2_000);

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> rows(redshift, setup.table) >= 4_000);
    }

    assertThat(rows(redshift, setup.table)).isEqualTo(4_000);
    assertThat(distinctRows(redshift, setup.table)).isEqualTo(4_000);
    List<String> files = dataFiles(s3, setup.bucket);
    assertThat(files).hasSizeGreaterThan(1).allSatisfy(key -> assertThat(key).endsWith(".json.gz"));
    assertThat(dynamo.client().getItem(r -> r.tableName(setup.id + "_config")
        .key(Map.of("s3Prefix", AttributeValue.fromS(setup.bucket + "/logs")))).item().get("compression").s())
        .isEqualTo("GZIP");
    // The tracker registers what S3 holds, the compressed length, as the Lambda takes the event's object size.
    Map<String, Long> registeredSizes = new HashMap<>();
    dynamo.client().scanPaginator(r -> r.tableName(setup.id + "_batches")).items().forEach(batch ->
        batch.get("entryMap").l().forEach(entry -> registeredSizes.put(entry.m().get("file").s(),
            Long.parseLong(entry.m().get("size").n()))));
    for (String key : files) {
      assertThat(registeredSizes.get(setup.bucket + "/" + key))
          .isEqualTo(s3.client().headObject(r -> r.bucket(setup.bucket).key(key)).contentLength());
    }
    assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  private static long lockedBatches(LocalDynamoDb dynamo, LoadingAgentConfig setup) {
    return dynamo.client().scanPaginator(r -> r.tableName(setup.id + "_batches")).items().stream()
        .filter(batch -> "locked".equals(batch.get("status").s())).count();
  }

  /** Every data file is linked to a batch, and exactly one complete batch's manifest lists it. */
  static void assertEveryFileLoadedExactlyOnce(LocalDynamoDb dynamo, LocalS3 s3, LoadingAgentConfig setup) {
    List<Map<String, AttributeValue>> batches = dynamo.client().scanPaginator(r -> r.tableName(setup.id + "_batches"))
        .items().stream().toList();
    assertThat(batches).allSatisfy(batch -> assertThat(batch.get("status").s()).isEqualTo("complete"));
    Map<String, Integer> manifestsListing = new HashMap<>();
    for (Map<String, AttributeValue> batch : batches) {
      String manifest = batch.get("manifestFile").s();
      String bucket = manifest.substring(0, manifest.indexOf('/'));
      String key = manifest.substring(manifest.indexOf('/') + 1);
      String body = s3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
      for (String url : body.split("\"url\":\"")) {
        if (url.startsWith("s3://")) {
          manifestsListing.merge(url.substring("s3://".length(), url.indexOf('"')), 1, Integer::sum);
        }
      }
    }
    Set<String> files = dataFiles(s3, setup.bucket).stream().map(key -> setup.bucket + "/" + key)
        .collect(Collectors.toSet());
    assertThat(manifestsListing.keySet()).isEqualTo(files);
    assertThat(manifestsListing.values()).allMatch(count -> count == 1);
    List<Map<String, AttributeValue>> processed = dynamo.client()
        .scanPaginator(r -> r.tableName(setup.id + "_files")).items().stream().toList();
    assertThat(processed).hasSize(files.size())
        .allSatisfy(file -> assertThat(file).containsKey("batchId"));
  }

  private static List<String> dataFiles(LocalS3 s3, String bucket) {
    return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
        .filter(key -> !S3ProxyTempFiles.isTempFile(key)).toList();
  }

  static void send(Agent agent, List<Integer> connections, int recordsPerConnection) {
    URI server = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
      for (int connection : connections) {
        for (int first = 0; first < recordsPerConnection; first += RECORDS_PER_REQUEST) {
          int status = http.post("/app.c" + connection % 2, "application/json",
              TestRecords.batch(connection, first, RECORDS_PER_REQUEST)).status();
          assertThat(status).isEqualTo(200);
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static int rows(LocalRedshift redshift, String table) throws SQLException {
    return count(redshift, "select count(*) from " + table);
  }

  static int distinctRows(LocalRedshift redshift, String table) throws SQLException {
    return count(redshift, "select count(*) from (select distinct conn, seq from " + table + ") d");
  }

  private static int count(LocalRedshift redshift, String sql) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }
}
