package io.sluice.loader.admin;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.TrackerItemsReader;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes tracker items exactly as the Lambda loader 2.8.3 leaves them, to stage its hazards by hand. */
final class LambdaItems {

  private static final String LAST_UPDATE = "1795618100.25";

  private final DynamoDbClient client;
  private final TableNames tables;
  private final TrackerItemsReader reader;

  LambdaItems(DynamoDbClient client, TableNames tables) {
    this.client = client;
    this.tables = tables;
    this.reader = new TrackerItemsReader(client, tables.config(), tables.batches(), tables.files());
  }

  /** A config item as setup.js writes it. */
  void config(String s3Prefix, String currentBatch) {
    client.putItem(r -> r.tableName(tables.config()).item(LambdaTrackerItems.config(s3Prefix, currentBatch)));
  }

  /** A batch after the Lambda's adds of {@code files}, then set to {@code status}; {@code manifestFile} if not null. */
  void batch(String s3Prefix, String batchId, String status, String manifestFile, Map<String, Long> files) {
    Map<String, AttributeValue> item = LambdaTrackerItems.batch(s3Prefix, batchId, status, LAST_UPDATE, files);
    if (manifestFile != null) {
      item.put("manifestFile", AttributeValue.fromS(manifestFile));
    }
    client.putItem(r -> r.tableName(tables.batches()).item(item));
  }

  /** A batch of a Lambda older than 2.7.9: the {@code entries} set, without sizes. */
  void legacyBatch(String s3Prefix, String batchId, String status, List<String> files) {
    client.putItem(r -> r.tableName(tables.batches())
        .item(LambdaTrackerItems.legacyBatch(s3Prefix, batchId, status, LAST_UPDATE, files)));
  }

  /** A processed file after the dedupe upsert and, when {@code batchId} is not null, the link. */
  void file(String loadFile, String receiveDateTime, String batchId) {
    client.putItem(r -> r.tableName(tables.files()).item(LambdaTrackerItems.file(loadFile, receiveDateTime, batchId)));
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
