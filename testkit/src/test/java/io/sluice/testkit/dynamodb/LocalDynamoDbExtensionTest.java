package io.sluice.testkit.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(LocalDynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalDynamoDbExtensionTest {

  private static final String TABLE = "batches";
  private static final String INDEX = "by-status";

  private DynamoDbClient dynamo;

  @BeforeEach
  void connect(LocalDynamoDb local) {
    dynamo = local.client();
  }

  @Test
  @Order(1)
  void conditionalPutRefusesAnItemThatAlreadyExists() {
    createTable();
    PutItemRequest putIfAbsent = PutItemRequest.builder()
        .tableName(TABLE)
        .item(item("b-1", "open", 100))
        .conditionExpression("attribute_not_exists(id)")
        .build();

    dynamo.putItem(putIfAbsent);

    assertThatThrownBy(() -> dynamo.putItem(putIfAbsent)).isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  @Order(2)
  void queryOnGlobalSecondaryIndexFindsTheItem() {
    createTable();
    dynamo.putItem(put -> put.tableName(TABLE).item(item("b-1", "open", 100)));
    dynamo.putItem(put -> put.tableName(TABLE).item(item("b-2", "complete", 200)));

    QueryResponse open = dynamo.query(query -> query
        .tableName(TABLE)
        .indexName(INDEX)
        .keyConditionExpression("#st = :status AND createdAt >= :since")
        .expressionAttributeNames(Map.of("#st", "status"))
        .expressionAttributeValues(Map.of(
            ":status", AttributeValue.fromS("open"),
            ":since", AttributeValue.fromN("50"))));

    assertThat(open.items()).extracting(found -> found.get("id").s()).containsExactly("b-1");
  }

  @Test
  @Order(3)
  void tablesCreatedByEarlierTestsAreGone() {
    assertThat(dynamo.listTables().tableNames()).isEmpty();
  }

  private void createTable() {
    dynamo.createTable(table -> table
        .tableName(TABLE)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute("id", ScalarAttributeType.S),
            attribute("status", ScalarAttributeType.S),
            attribute("createdAt", ScalarAttributeType.N))
        .keySchema(key("id", KeyType.HASH))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(INDEX)
            .keySchema(key("status", KeyType.HASH), key("createdAt", KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build()));
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static Map<String, AttributeValue> item(String id, String status, long createdAt) {
    return Map.of(
        "id", AttributeValue.fromS(id),
        "status", AttributeValue.fromS(status),
        "createdAt", AttributeValue.fromN(Long.toString(createdAt)));
  }
}
