package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(LocalDynamoDbExtension.class)
class TrackerTablesTest {

  private static final TableNames NAMES = new TableNames(null, null, null);

  private static TableDescription describe(LocalDynamoDb ddb, String table) {
    return ddb.client().describeTable(r -> r.tableName(table)).table();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  @Test
  void tablesHaveTheLambdaKeySchemaAndStatusIndex(LocalDynamoDb ddb) {
    new TrackerTables(ddb.client(), NAMES, BillingMode.ON_DEMAND).createIfMissing();

    TableDescription config = describe(ddb, "LambdaRedshiftBatchLoadConfig");
    TableDescription batches = describe(ddb, "LambdaRedshiftBatches");
    TableDescription files = describe(ddb, "LambdaRedshiftProcessedFiles");
    assertThat(config.keySchema()).containsExactly(key("s3Prefix", KeyType.HASH));
    assertThat(config.attributeDefinitions()).containsExactly(attribute("s3Prefix", ScalarAttributeType.S));
    assertThat(files.keySchema()).containsExactly(key("loadFile", KeyType.HASH));
    assertThat(files.attributeDefinitions()).containsExactly(attribute("loadFile", ScalarAttributeType.S));
    assertThat(batches.keySchema()).containsExactly(key("s3Prefix", KeyType.HASH), key("batchId", KeyType.RANGE));
    assertThat(batches.attributeDefinitions()).containsExactlyInAnyOrder(
        attribute("s3Prefix", ScalarAttributeType.S), attribute("batchId", ScalarAttributeType.S),
        attribute("status", ScalarAttributeType.S), attribute("lastUpdate", ScalarAttributeType.N));
    List<GlobalSecondaryIndexDescription> indexes = batches.globalSecondaryIndexes();
    assertThat(indexes).hasSize(1);
    assertThat(indexes.get(0).indexName()).isEqualTo("LambdaRedshiftBatchStatus");
    assertThat(indexes.get(0).keySchema())
        .containsExactly(key("status", KeyType.HASH), key("lastUpdate", KeyType.RANGE));
    assertThat(indexes.get(0).projection().projectionType()).isEqualTo(ProjectionType.ALL);
    assertThat(List.of(config, batches, files)).allMatch(t -> t.tableStatus() == TableStatus.ACTIVE);
  }

  @Test
  void provisionedTablesGetTheLambdaCapacity(LocalDynamoDb ddb) {
    new TrackerTables(ddb.client(), NAMES, BillingMode.PROVISIONED).createIfMissing();

    TableDescription batches = describe(ddb, "LambdaRedshiftBatches");
    assertThat(batches.provisionedThroughput().readCapacityUnits()).isEqualTo(1L);
    assertThat(batches.provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
    assertThat(batches.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
  }

  @Test
  void creatingTwiceKeepsTheExistingTables(LocalDynamoDb ddb) {
    TrackerTables tables = new TrackerTables(ddb.client(), NAMES, BillingMode.ON_DEMAND);
    tables.createIfMissing();
    ddb.client().putItem(r -> r.tableName("LambdaRedshiftProcessedFiles")
        .item(Map.of("loadFile", AttributeValue.fromS("b/k"))));

    tables.createIfMissing();

    assertThat(ddb.client().scan(r -> r.tableName("LambdaRedshiftProcessedFiles")).count()).isEqualTo(1);
  }
}
