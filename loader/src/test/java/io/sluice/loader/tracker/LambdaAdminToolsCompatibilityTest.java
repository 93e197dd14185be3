package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/**
 * The Lambda's admin scripts keep working on batches Sluice wrote: each test issues the exact request of one script
 * (contract section 5) against items Sluice's registrar and loader wrote.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class LambdaAdminToolsCompatibilityTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final Instant NOW = Instant.parse("2026-11-25T15:04:05.123Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private DynamoDbClient client;

  @BeforeEach
  void registerOneFile(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.PROVISIONED).createIfMissing();
    client.putItem(r -> r.tableName(TABLES.config()).item(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX),
        "currentBatch", AttributeValue.fromS(BATCH),
        "version", AttributeValue.fromS("2.8.3"),
        "batchSize", AttributeValue.fromN("100"))));
    new FileRegistrar(client, TABLES, CLOCK, duration -> { }, 3)
        .register("bkt", "logs/app/2026/11/25/15/agent-s3-0000000001.json", 1234);
  }

  @Test
  void queryBatchesFindsAnOpenBatchSluiceRegisteredByStatusAndDate() {
    // queryBatches.js --batchStatus open --startDate <epoch seconds>
    List<Map<String, AttributeValue>> items = client.query(r -> r.tableName(TABLES.batches())
        .indexName("LambdaRedshiftBatchStatus")
        .keyConditionExpression("#s = :batchStatus and lastUpdate >= :startDate")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":batchStatus", AttributeValue.fromS("open"),
            ":startDate", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() - 60))))).items();

    assertThat(items).singleElement().satisfies(item -> {
      assertThat(item.get("s3Prefix").s()).isEqualTo(PREFIX);
      assertThat(item.get("batchId").s()).isEqualTo(BATCH);
    });
  }

  @Test
  void queryBatchesFindsABatchSluiceLockedAndFailed() {
    BatchTable batches = new BatchTable(client, TABLES, CLOCK);
    batches.lock(PREFIX, BATCH);
    batches.close(PREFIX, BATCH, "{\"cluster\":{\"status\":-1,\"error\":null}}");

    List<Map<String, AttributeValue>> items = client.query(r -> r.tableName(TABLES.batches())
        .indexName("LambdaRedshiftBatchStatus")
        .keyConditionExpression("#s = :batchStatus")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":batchStatus", AttributeValue.fromS("error")))).items();

    assertThat(items).extracting(item -> item.get("batchId").s()).containsExactly(BATCH);
  }

  @Test
  void unlockBatchScriptUnlocksABatchSluiceLocked() {
    new BatchTable(client, TABLES, CLOCK).lock(PREFIX, BATCH);

    // unlockBatch.js: status PUT open with Expected status IN [locked, error]
    client.updateItem(r -> r.tableName(TABLES.batches())
        .key(Map.of("s3Prefix", AttributeValue.fromS(PREFIX), "batchId", AttributeValue.fromS(BATCH)))
        .attributeUpdates(Map.of(
            "status", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(AttributeValue.fromS("open"))
                .build(),
            "lastUpdate", AttributeValueUpdate.builder().action(AttributeAction.PUT)
                .value(AttributeValue.fromN(Long.toString(NOW.getEpochSecond()))).build()))
        .expected(Map.of("status", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.IN)
            .attributeValueList(AttributeValue.fromS("locked"), AttributeValue.fromS("error")).build())));

    assertThat(new BatchTable(client, TABLES, CLOCK).get(PREFIX, BATCH).orElseThrow().status())
        .isEqualTo(BatchStatus.OPEN);
  }

  @Test
  void describeBatchShowsTheLambdasAttributesWithTheirTypes() {
    // describeBatch.js: consistent GetItem, printed raw
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(TABLES.batches()).consistentRead(true)
        .key(Map.of("s3Prefix", AttributeValue.fromS(PREFIX), "batchId", AttributeValue.fromS(BATCH)))).item();

    assertThat(item.get("status").s()).isEqualTo("open");
    assertThat(item.get("lastUpdate").n()).isEqualTo("1795619045.123");
    assertThat(item.get("writeDates").ns()).containsExactly("1795619045.123");
    assertThat(item.get("size").n()).isEqualTo("1234");
    assertThat(item.get("entryMap").l()).singleElement().satisfies(entry -> {
      assertThat(entry.m().get("file").s()).isEqualTo("bkt/logs/app/2026/11/25/15/agent-s3-0000000001.json");
      assertThat(entry.m().get("size").n()).isEqualTo("1234");
    });
  }
}
