package io.sluice.loader.tracker;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates the Lambda loader's three tables when missing, with exactly the Lambda's key schema and index. */
public final class TrackerTables {

  /** The batch table's index by status, which the Lambda's admin tools query. */
  public static final String STATUS_INDEX = "LambdaRedshiftBatchStatus";

  private static final Logger log = LoggerFactory.getLogger(TrackerTables.class);

  /** The Lambda's own setup creates every table and the index with this capacity. */
  private static final ProvisionedThroughput LAMBDA_THROUGHPUT =
      ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(5L).build();

  private final DynamoDbClient client;
  private final TableNames names;
  private final BillingMode billingMode;

  public TrackerTables(DynamoDbClient client, TableNames names, BillingMode billingMode) {
    this.client = client;
    this.names = names;
    this.billingMode = billingMode;
  }

  /** Creates each missing table and waits until all three are ACTIVE; existing tables are left as they are. */
  public void createIfMissing() {
    create(names.config(), List.of(hash("s3Prefix")), List.of(string("s3Prefix")), null);
    create(names.batches(), List.of(hash("s3Prefix"), range("batchId")),
        List.of(string("s3Prefix"), string("batchId"), string("status"), number("lastUpdate")), statusIndex());
    create(names.files(), List.of(hash("loadFile")), List.of(string("loadFile")), null);
    for (String table : List.of(names.config(), names.batches(), names.files())) {
      client.waiter().waitUntilTableExists(r -> r.tableName(table));
    }
  }

  private void create(String table, List<KeySchemaElement> keys, List<AttributeDefinition> attributes,
      GlobalSecondaryIndex index) {
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(table)
        .keySchema(keys)
        .attributeDefinitions(attributes);
    if (index != null) {
      request.globalSecondaryIndexes(index);
    }
    if (billingMode == BillingMode.PROVISIONED) {
      request.billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PROVISIONED)
          .provisionedThroughput(LAMBDA_THROUGHPUT);
    } else {
      request.billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST);
    }
    try {
      client.createTable(request.build());
      log.info("Created DynamoDB table {} ({})", table, billingMode);
    } catch (ResourceInUseException exists) {
      // The Lambda's setup does the same: a table someone already created is used whatever its capacity mode.
      log.debug("DynamoDB table {} already exists; using it as it is", table);
    }
  }

  private GlobalSecondaryIndex statusIndex() {
    GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
        .indexName(STATUS_INDEX)
        .keySchema(hash("status"), range("lastUpdate"))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build());
    if (billingMode == BillingMode.PROVISIONED) {
      index.provisionedThroughput(LAMBDA_THROUGHPUT);
    }
    return index.build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static AttributeDefinition number(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.N).build();
  }
}
