package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class FileRegistrarTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String NEXT_BATCH = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String KEY = "logs/app.access/2026/11/25/15/part-0001.json.gz";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T15:04:05.123Z"), ZoneOffset.UTC);

  private final List<Duration> sleeps = new ArrayList<>();
  private DynamoDbClient client;

  @BeforeEach
  void createTables(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
  }

  /** A config item as the Lambda's setup.js writes it. */
  private void putConfig(String s3Prefix, String currentBatch) {
    putConfig(s3Prefix, currentBatch, "2.8.3", null);
  }

  private void putConfig(String s3Prefix, String currentBatch, String version, String filenameFilterRegex) {
    Map<String, AttributeValue> item = LambdaTrackerItems.config(s3Prefix, currentBatch, version,
        LambdaTrackerItems.CLUSTER_ENDPOINT, LambdaTrackerItems.CONNECT_PASSWORD);
    if (filenameFilterRegex != null) {
      item.put("filenameFilterRegex", AttributeValue.fromS(filenameFilterRegex));
    }
    client.putItem(r -> r.tableName(TABLES.config()).item(item));
  }

  private void lockBatch(String batchId) {
    client.putItem(r -> r.tableName(TABLES.batches()).item(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS("locked"),
        "lastUpdate", AttributeValue.fromN("1795618000"))));
  }

  private FileRegistrar registrar(Sleeper sleeper, int maxAttempts) {
    return new FileRegistrar(client, TABLES, CLOCK, sleeper, maxAttempts);
  }

  private FileRegistrar registrar() {
    return registrar(sleeps::add, FileRegistrar.LAMBDA_ADD_ATTEMPTS);
  }

  private Map<String, AttributeValue> batch(String batchId) {
    return client.getItem(r -> r.tableName(TABLES.batches()).consistentRead(true).key(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX), "batchId", AttributeValue.fromS(batchId)))).item();
  }

  private Map<String, AttributeValue> processedFile(String loadFile) {
    return client.getItem(r -> r.tableName(TABLES.files()).consistentRead(true)
        .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))).item();
  }

  @Test
  void everyAddReportsTheBatchsFileCountAndSizeAfterIt() {
    putConfig(PREFIX, BATCH);
    List<String> growth = new ArrayList<>();
    FileRegistrar registrar = new FileRegistrar(client, TABLES, CLOCK, sleeps::add, 3,
        (s3Prefix, batchId, files, bytes) -> growth.add(s3Prefix + " " + batchId + " " + files + " " + bytes));

    registrar.register("bkt", KEY, 1234);
    registrar.register("bkt", KEY.replace("0001", "0002"), 66);

    assertThat(growth).containsExactly(PREFIX + " " + BATCH + " 1 1234", PREFIX + " " + BATCH + " 2 1300");
  }

  @Test
  void registeringWritesProcessedFileAndBatchItemsAsTheLambda() {
    putConfig(PREFIX, BATCH);

    Registration registration = registrar().register("bkt", KEY, 1234);

    assertThat(registration).isEqualTo(new Registration("bkt/" + KEY, PREFIX, BATCH, Registration.Outcome.REGISTERED));
    assertThat(processedFile("bkt/" + KEY)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "loadFile", AttributeValue.fromS("bkt/" + KEY),
        "receiveDateTime", AttributeValue.fromS("2026-11-25 15:04:05"),
        "timesReceived", AttributeValue.fromN("1"),
        "batchId", AttributeValue.fromS(BATCH)));
    assertThat(batch(BATCH)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX),
        "batchId", AttributeValue.fromS(BATCH),
        "status", AttributeValue.fromS("open"),
        "lastUpdate", AttributeValue.fromN("1795619045.123"),
        "writeDates", AttributeValue.fromNs(List.of("1795619045.123")),
        "size", AttributeValue.fromN("1234"),
        "entryMap", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
            "file", AttributeValue.fromS("bkt/" + KEY),
            "size", AttributeValue.fromN("1234")))))));
  }

  @Test
  void secondFileIsAppendedToTheSameBatch() {
    putConfig(PREFIX, BATCH);
    registrar().register("bkt", KEY, 1000);

    registrar().register("bkt", "logs/app.access/2026/11/25/15/part-0002.json.gz", 24);

    Map<String, AttributeValue> batch = batch(BATCH);
    assertThat(batch.get("size").n()).isEqualTo("1024");
    assertThat(batch.get("entryMap").l()).extracting(e -> e.m().get("file").s())
        .containsExactly("bkt/" + KEY, "bkt/logs/app.access/2026/11/25/15/part-0002.json.gz");
  }

  @Test
  void registeringTheSameFileAgainReportsItsBatchAndWritesNothing() {
    putConfig(PREFIX, BATCH);
    registrar().register("bkt", KEY, 1234);

    Registration again = registrar().register("bkt", KEY, 1234);

    assertThat(again).isEqualTo(new Registration("bkt/" + KEY, PREFIX, BATCH,
        Registration.Outcome.ALREADY_REGISTERED));
    assertThat(batch(BATCH).get("entryMap").l()).hasSize(1);
    assertThat(processedFile("bkt/" + KEY).get("timesReceived").n()).isEqualTo("1");
  }

  @Test
  void keyWithLiteralPlusIsRefused() {
    putConfig(PREFIX, BATCH);

    assertThatThrownBy(() -> registrar().register("bkt", "logs/app.access/a+b.json", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("literal '+'");
    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
  }

  @Test
  void configIsFoundByShorteningTheDirectory() {
    putConfig("bkt/logs", "11111111-1111-4111-8111-111111111111");
    putConfig(PREFIX, BATCH);

    Registration registration = registrar().register("bkt", KEY, 1);

    assertThat(registration.s3Prefix()).isEqualTo(PREFIX);
    assertThat(batch(BATCH)).isNotEmpty();
  }

  @Test
  void missingConfigIsAClearErrorAndWritesNothing() {
    putConfig("other/logs", BATCH);

    assertThatThrownBy(() -> registrar().register("bkt", KEY, 1))
        .isInstanceOf(NoConfigException.class)
        .hasMessageContaining("No configuration found")
        .hasMessageContaining("bkt/logs/app.access/2026/11/25/15");
    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
    assertThat(client.scan(r -> r.tableName(TABLES.batches())).count()).isZero();
  }

  @Test
  void lockedBatchFailsOverToTheRotatedCurrentBatch() {
    putConfig(PREFIX, BATCH);
    lockBatch(BATCH);
    // The loader rotates currentBatch while the registrar backs off, as the Lambda's flush does.
    Sleeper rotateOnFirstWait = duration -> {
      sleeps.add(duration);
      putConfig(PREFIX, NEXT_BATCH);
    };

    Registration registration = registrar(rotateOnFirstWait, 10).register("bkt", KEY, 7);

    assertThat(registration.batchId()).isEqualTo(NEXT_BATCH);
    assertThat(sleeps).hasSize(1).allMatch(d -> d.toMillis() >= 5 && d.toMillis() <= 10);
    assertThat(batch(BATCH).get("status").s()).isEqualTo("locked");
    assertThat(batch(BATCH)).doesNotContainKey("entryMap");
    assertThat(batch(NEXT_BATCH).get("entryMap").l()).hasSize(1);
    assertThat(processedFile("bkt/" + KEY).get("batchId").s()).isEqualTo(NEXT_BATCH);
  }

  @Test
  void batchRotatedBeforeRegisteringIsSkippedWithoutWaiting() {
    putConfig(PREFIX, BATCH);
    lockBatch(BATCH);
    putConfig(PREFIX, NEXT_BATCH);

    Registration registration = registrar().register("bkt", KEY, 7);

    assertThat(registration.batchId()).isEqualTo(NEXT_BATCH);
    assertThat(sleeps).isEmpty();
    assertThat(batch(BATCH)).doesNotContainKey("entryMap");
  }

  @Test
  void batchLockedForeverIsAClearErrorAfterBoundedAttempts() {
    putConfig(PREFIX, BATCH);
    lockBatch(BATCH);

    assertThatThrownBy(() -> registrar(sleeps::add, 3).register("bkt", KEY, 7))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining("in 3 attempts")
        .hasMessageContaining("stuck in 'locked' state");
    assertThat(sleeps).hasSize(3);
    assertThat(processedFile("bkt/" + KEY)).doesNotContainKey("batchId");
  }

  @Test
  void openBatchIsFoundByTheStatusIndex() {
    putConfig(PREFIX, BATCH);
    registrar().register("bkt", KEY, 1234);

    List<Map<String, AttributeValue>> open = client.query(r -> r.tableName(TABLES.batches())
        .indexName(TrackerTables.STATUS_INDEX)
        .keyConditionExpression("#status = :open")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":open", AttributeValue.fromS("open")))).items();

    assertThat(open).extracting(i -> i.get("batchId").s()).containsExactly(BATCH);
  }

  @Test
  void fileMatchingTheFilenameFilterIsRegistered() {
    putConfig(PREFIX, BATCH, "2.8.3", "part-\\d+\\.json");

    Registration registration = registrar().register("bkt", KEY, 1234);

    assertThat(registration.outcome()).isEqualTo(Registration.Outcome.REGISTERED);
    assertThat(batch(BATCH).get("entryMap").l()).hasSize(1);
  }

  @Test
  void fileNotMatchingTheFilenameFilterLeavesNoTrace() {
    putConfig(PREFIX, BATCH, "2.8.3", "\\.csv$");

    Registration registration = registrar().register("bkt", KEY, 1234);

    assertThat(registration).isEqualTo(new Registration("bkt/" + KEY, PREFIX, null, Registration.Outcome.FILTERED));
    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
    assertThat(client.scan(r -> r.tableName(TABLES.batches())).count()).isZero();
  }

  @Test
  void filenameFilterIsMatchedAgainstTheKeyWithoutTheBucket() {
    putConfig(PREFIX, BATCH, "2.8.3", "^logs/");

    assertThat(registrar().register("bkt", KEY, 1).outcome()).isEqualTo(Registration.Outcome.REGISTERED);
  }

  @Test
  void filenameFilterThatDoesNotCompileCountsAsAMatch() {
    putConfig(PREFIX, BATCH, "2.8.3", "part-(");

    Registration registration = registrar().register("bkt", KEY, 1234);

    assertThat(registration.outcome()).isEqualTo(Registration.Outcome.REGISTERED);
    assertThat(processedFile("bkt/" + KEY).get("batchId").s()).isEqualTo(BATCH);
  }

  @Test
  void configOfALambdaOlderThan279GetsTheLegacyEntriesSet() {
    putConfig(PREFIX, BATCH, "2.7.8", null);
    registrar().register("bkt", KEY, 1000);

    registrar().register("bkt", "logs/app.access/2026/11/25/15/part-0002.json.gz", 24);

    Map<String, AttributeValue> batch = batch(BATCH);
    assertThat(batch).doesNotContainKey("entryMap");
    assertThat(batch.get("entries").ss()).containsExactlyInAnyOrder("bkt/" + KEY,
        "bkt/logs/app.access/2026/11/25/15/part-0002.json.gz");
    assertThat(batch.get("size")).isEqualTo(AttributeValue.fromN("1024"));
    assertThat(batch.get("status")).isEqualTo(AttributeValue.fromS("open"));
    assertThat(batch.get("lastUpdate")).isEqualTo(AttributeValue.fromN("1795619045.123"));
    assertThat(batch.get("writeDates").ns()).containsExactly("1795619045.123");
  }

  @Test
  void configOfLambda279GetsTheEntryMap() {
    putConfig(PREFIX, BATCH, "2.7.9", null);

    registrar().register("bkt", KEY, 1000);

    assertThat(batch(BATCH)).containsKey("entryMap").doesNotContainKey("entries");
  }

  @Test
  void reregisteringABatchEntryTakesAPlusAsTheSpaceItStandsFor() {
    putConfig(PREFIX, BATCH);
    BatchEntry entry = new BatchEntry("bkt/logs/app.access/my+file.json", BatchEntry.UNKNOWN_SIZE);

    Registration registration = registrar().reregister(entry, 42);

    assertThat(registration.outcome()).isEqualTo(Registration.Outcome.REGISTERED);
    assertThat(batch(BATCH).get("entryMap").l().get(0).m().get("file").s())
        .isEqualTo("bkt/logs/app.access/my+file.json");
    assertThatThrownBy(() -> registrar().reregister(entry, BatchEntry.UNKNOWN_SIZE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
