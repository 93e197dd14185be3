package io.sluice.loader.tracker;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The processed-files table. */
public final class FileTable {

  private static final Logger log = LoggerFactory.getLogger(FileTable.class);

  private final DynamoDbClient client;
  private final String table;

  public FileTable(DynamoDbClient client, TableNames tables) {
    this.client = client;
    this.table = tables.files();
  }

  /** The file's item, read consistently. */
  public Optional<ProcessedFile> get(String loadFile) {
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(key(loadFile))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ProcessedFile.from(item));
  }

  /** Deletes the file's item, returning it as it was. */
  public Optional<ProcessedFile> delete(String loadFile) {
    Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(key(loadFile))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return old == null || old.isEmpty() ? Optional.empty() : Optional.of(ProcessedFile.from(old));
  }

  /**
   * Frees the file for another registration as {@code processedFiles.js --reprocess} does: removes
   * {@code batchId} and appends it to {@code previousBatches}.
   *
   * @return false when the file is not linked to {@code oldBatchId} (unknown, unlinked, or in another batch)
   */
  public boolean unlink(String loadFile, String oldBatchId) {
    try {
      client.updateItem(r -> r.tableName(table)
          .key(key(loadFile))
          .updateExpression("REMOVE batchId SET previousBatches = "
              + "list_append(if_not_exists(previousBatches, :empty), :old)")
          .conditionExpression("batchId = :oldBatch")
          .expressionAttributeValues(Map.of(
              ":empty", AttributeValue.fromL(List.of()),
              ":old", AttributeValue.fromL(List.of(AttributeValue.fromS(oldBatchId))),
              ":oldBatch", AttributeValue.fromS(oldBatchId))));
      log.debug("File {} unlinked from batch {}", loadFile, oldBatchId);
      return true;
    } catch (ConditionalCheckFailedException notLinkedThere) {
      return false;
    }
  }

  /** Sets the file's {@code batchId}, as the Lambda's link step does; used to back-fill a lost link (H3). */
  public void link(String loadFile, String batchId) {
    client.updateItem(r -> r.tableName(table)
        .key(key(loadFile))
        .updateExpression("SET batchId = :batch")
        .expressionAttributeValues(Map.of(":batch", AttributeValue.fromS(batchId))));
  }

  /**
   * Links an existing file item that has no {@code batchId}; false when the item is gone or a registration linked it
   * meanwhile, which a back-fill must not overwrite.
   */
  public boolean linkIfUnlinked(String loadFile, String batchId) {
    try {
      client.updateItem(r -> r.tableName(table)
          .key(key(loadFile))
          .updateExpression("SET batchId = :batch")
          .conditionExpression("attribute_exists(loadFile) AND attribute_not_exists(batchId)")
          .expressionAttributeValues(Map.of(":batch", AttributeValue.fromS(batchId))));
      return true;
    } catch (ConditionalCheckFailedException alreadyLinked) {
      return false;
    }
  }

  /**
   * Every processed file without {@code batchId} last received before {@code receivedBefore} (a scan of all
   * pages). {@code receiveDateTime} is compared as text, which orders {@code YYYY-MM-DD HH:MM:SS} correctly.
   */
  public List<ProcessedFile> unlinked(Instant receivedBefore) {
    List<ProcessedFile> files = new ArrayList<>();
    client.scanPaginator(r -> r.tableName(table)
            .consistentRead(true)
            .filterExpression("attribute_not_exists(batchId) AND receiveDateTime < :before")
            .expressionAttributeValues(Map.of(":before", AttributeValue.fromS(LambdaTime.readable(receivedBefore)))))
        .items().forEach(item -> files.add(ProcessedFile.from(item)));
    return files;
  }

  private static Map<String, AttributeValue> key(String loadFile) {
    return Map.of("loadFile", AttributeValue.fromS(loadFile));
  }
}
