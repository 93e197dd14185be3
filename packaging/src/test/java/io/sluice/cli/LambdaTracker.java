package io.sluice.cli;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.TrackerItemsReader;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Lambda loader's tables in DynamoDB Local, and items written exactly as the Lambda 2.8.3 leaves them. */
final class LambdaTracker {

  static final TableNames TABLES = new TableNames(null, null, null);

  private final DynamoDbClient client;
  private final TrackerItemsReader reader;

  private LambdaTracker(DynamoDbClient client) {
    this.client = client;
    this.reader = new TrackerItemsReader(client, TABLES.config(), TABLES.batches(), TABLES.files());
  }

  /** Creates the three tables, as the Lambda's setup does. */
  static LambdaTracker create(DynamoDbClient client) {
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    return new LambdaTracker(client);
  }

  /** The tables as the code under test creates them. */
  static LambdaTracker existing(DynamoDbClient client) {
    return new LambdaTracker(client);
  }

  /** A config item as setup.js writes it. */
  void config(String s3Prefix, String currentBatch) {
    client.putItem(r -> r.tableName(TABLES.config()).item(LambdaTrackerItems.config(s3Prefix, currentBatch)));
  }

  /**
   * A batch after the Lambda's adds of {@code files}, then set to {@code status} at {@code lastUpdate} (epoch
   * seconds as the Lambda renders them); {@code extra} attributes (manifestFile, errorMessage...) are added as given.
   */
  void batch(String s3Prefix, String batchId, String status, String lastUpdate, Map<String, Long> files,
      Map<String, AttributeValue> extra) {
    Map<String, AttributeValue> item = LambdaTrackerItems.batch(s3Prefix, batchId, status, lastUpdate, files);
    item.putAll(extra);
    client.putItem(r -> r.tableName(TABLES.batches()).item(item));
  }

  void batch(String s3Prefix, String batchId, String status, String lastUpdate, Map<String, Long> files) {
    batch(s3Prefix, batchId, status, lastUpdate, files, Map.of());
  }

  /** A processed file after the dedupe upsert and, when {@code batchId} is not null, the link. */
  void file(String loadFile, String receiveDateTime, String batchId) {
    client.putItem(r -> r.tableName(TABLES.files()).item(LambdaTrackerItems.file(loadFile, receiveDateTime, batchId)));
  }

  Map<String, AttributeValue> rawConfig(String s3Prefix) {
    return reader.config(s3Prefix);
  }

  Map<String, AttributeValue> rawBatch(String s3Prefix, String batchId) {
    return reader.batch(s3Prefix, batchId);
  }

  Map<String, AttributeValue> rawFile(String loadFile) {
    return reader.file(loadFile);
  }

  /** The files of a batch's {@code entryMap} with their sizes, in order. */
  List<String> entryMap(String s3Prefix, String batchId) {
    return reader.entryMap(s3Prefix, batchId);
  }

  /** Every item of the three tables, to show that a dry run wrote nothing. */
  List<Map<String, AttributeValue>> everything() {
    return reader.everything();
  }
}
