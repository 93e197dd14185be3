package io.sluice.loader.tracker;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The batch table's reads and status transitions. */
public final class BatchTable {

  /** What {@code reprocessBatch.js} writes into {@code updateReason}. */
  public static final String REPROCESS_REASON = "Reprocessing initiated by reprocessBatch request";

  /** What {@code batches reprocess} writes into {@code updateReason} when it reopens a batch in place. */
  public static final String REOPEN_REASON =
      "Reopened by batches reprocess: clusters whose load receipt shows the batch committed are skipped";

  private static final Logger log = LoggerFactory.getLogger(BatchTable.class);
  private static final long NANOS_PER_MILLI = 1_000_000;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final Integer pageSize;

  public BatchTable(DynamoDbClient client, TableNames tables, Clock clock) {
    this(client, tables, clock, null);
  }

  /** With {@code pageSize} items per query page (null: DynamoDB's 1 MB pages), so tests can cross pages cheaply. */
  BatchTable(DynamoDbClient client, TableNames tables, Clock clock, Integer pageSize) {
    this.client = client;
    this.table = tables.batches();
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /** The batch, read consistently. */
  public Optional<BatchItem> get(String s3Prefix, String batchId) {
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(key(s3Prefix, batchId))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(BatchItem.from(item));
  }

  /**
   * All pages of the {@code LambdaRedshiftBatchStatus} index for {@code status}, {@code lastUpdate} within
   * [{@code since}, {@code until}] (each nullable), oldest first. The index is eventually consistent: re-read a
   * batch with {@link #get} before acting on its status.
   */
  public List<BatchItem> queryByStatus(BatchStatus status, Instant since, Instant until) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":status", AttributeValue.fromS(status.wire()));
    String condition = "#status = :status";
    if (since != null && until != null) {
      condition += " AND lastUpdate BETWEEN :since AND :until";
    } else if (since != null) {
      condition += " AND lastUpdate >= :since";
    } else if (until != null) {
      condition += " AND lastUpdate <= :until";
    }
    if (since != null) {
      values.put(":since", AttributeValue.fromN(LambdaTime.epochSeconds(since)));
    }
    if (until != null) {
      values.put(":until", AttributeValue.fromN(LambdaTime.epochSeconds(until)));
    }
    QueryRequest.Builder request = QueryRequest.builder()
        .tableName(table)
        .indexName(TrackerTables.STATUS_INDEX)
        .keyConditionExpression(condition)
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(values);
    return query(request);
  }

  /** Every batch of {@code s3Prefix}, whatever its status, read consistently from the table itself. */
  public List<BatchItem> listByPrefix(String s3Prefix) {
    return query(QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("s3Prefix = :prefix")
        .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(s3Prefix)))
        .consistentRead(true));
  }

  private List<BatchItem> query(QueryRequest.Builder request) {
    if (pageSize != null) {
      request.limit(pageSize);
    }
    List<BatchItem> batches = new ArrayList<>();
    client.queryPaginator(request.build()).items().forEach(item -> batches.add(BatchItem.from(item)));
    return batches;
  }

  /**
   * {@code open -> locked}, as the Lambda's flush locks (contract 2.10), returning the locked item whole: its
   * entries are the ones to load, unlike the Lambda's pre-lock snapshot (H1). Empty when the batch is not open
   * (someone else flushes it).
   */
  public Optional<BatchItem> lock(String s3Prefix, String batchId) {
    AttributeValue now = lockTime();
    try {
      UpdateItemResponse response = client.updateItem(UpdateItemRequest.builder()
          .tableName(table)
          .key(key(s3Prefix, batchId))
          .updateExpression("SET #status = :locked, lastUpdate = :now")
          .conditionExpression("#status = :open")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(":locked", AttributeValue.fromS(BatchStatus.LOCKED.wire()),
              ":open", AttributeValue.fromS(BatchStatus.OPEN.wire()), ":now", now))
          .returnValues(ReturnValue.ALL_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
          .build());
      return Optional.of(BatchItem.from(response.attributes()));
    } catch (ConditionalCheckFailedException notOpen) {
      Map<String, AttributeValue> current = notOpen.hasItem() ? notOpen.item() : Map.of();
      AttributeValue status = current.get("status");
      // The SDK sends a write again when its answer was lost, with the same :now. A batch locked with exactly that
      // lastUpdate was locked by the attempt whose answer was lost; taking it for someone else's would leave it
      // locked with no loader, never loaded until an operator unlocked it.
      if (status != null && BatchStatus.LOCKED.wire().equals(status.s()) && now.equals(current.get("lastUpdate"))) {
        log.info("Batch {} of {} was locked by an attempt whose answer was lost; it is ours", batchId, s3Prefix);
        return Optional.of(BatchItem.from(current));
      }
      log.debug("Batch {} of {} is not open; left as it is", batchId, s3Prefix);
      return Optional.empty();
    }
  }

  /**
   * Moves {@code lastUpdate} to now while a load holds the lock, so a stale lock (a dead loader) can be told from a
   * long load; false when the batch is no longer locked.
   */
  public boolean refreshLock(String s3Prefix, String batchId) {
    return update(s3Prefix, batchId, "SET lastUpdate = :now", "#status = :locked",
        Map.of(":locked", AttributeValue.fromS(BatchStatus.LOCKED.wire())));
  }

  /** Records where the batch's manifest is: {@code bucket/key} without {@code s3://}. */
  public void recordManifest(String s3Prefix, String batchId, String manifestFile) {
    requireExisting(s3Prefix, batchId, "SET manifestFile = :manifest, lastUpdate = :now",
        Map.of(":manifest", AttributeValue.fromS(manifestFile)));
  }

  /** Records the per-cluster outcome, JSON text keyed by {@code clusterEndpoint} (contract 3.6). */
  public void recordLoadStatus(String s3Prefix, String batchId, String clusterLoadStatusJson) {
    requireExisting(s3Prefix, batchId, "SET clusterLoadStatus = :status, lastUpdate = :now",
        Map.of(":status", AttributeValue.fromS(clusterLoadStatusJson)));
  }

  /**
   * Closes a locked batch: {@code complete} when {@code errorMessageJson} is null, else {@code error} with that
   * {@code errorMessage}. Unlike the Lambda's unconditional close, only a batch still locked is closed; false when it
   * is not (an operator unlocked or reprocessed it meanwhile).
   */
  public boolean close(String s3Prefix, String batchId, String errorMessageJson) {
    if (errorMessageJson == null) {
      // An earlier failure's message would contradict the status once the batch loads.
      return update(s3Prefix, batchId, "SET #status = :to, lastUpdate = :now REMOVE errorMessage",
          "#status = :locked", Map.of(":to", AttributeValue.fromS(BatchStatus.COMPLETE.wire()),
              ":locked", AttributeValue.fromS(BatchStatus.LOCKED.wire())));
    }
    return update(s3Prefix, batchId, "SET #status = :to, lastUpdate = :now, errorMessage = :error",
        "#status = :locked", Map.of(":to", AttributeValue.fromS(BatchStatus.ERROR.wire()),
            ":locked", AttributeValue.fromS(BatchStatus.LOCKED.wire()),
            ":error", AttributeValue.fromS(errorMessageJson)));
  }

  /**
   * {@code locked|error -> open}, as {@code unlockBatch.js}, but for any batch of the prefix and not only its current
   * one; false when the batch is in neither status.
   */
  public boolean unlock(String s3Prefix, String batchId) {
    return transition(s3Prefix, batchId, BatchStatus.OPEN, Set.of(BatchStatus.LOCKED, BatchStatus.ERROR), Map.of())
        .isPresent();
  }

  /**
   * {@code locked|error -> open} in place, keeping the batch id its load receipts are keyed on, with
   * {@link #REOPEN_REASON}; false when the batch is in neither status.
   */
  public boolean reopen(String s3Prefix, String batchId) {
    return transition(s3Prefix, batchId, BatchStatus.OPEN, Set.of(BatchStatus.LOCKED, BatchStatus.ERROR),
        Map.of("updateReason", AttributeValue.fromS(REOPEN_REASON))).isPresent();
  }

  /**
   * {@code expected -> reprocessing} with {@code reprocessBatch.js}'s {@code updateReason}; false when the batch's
   * status is none of {@code expected}.
   */
  public boolean markReprocessing(String s3Prefix, String batchId, Set<BatchStatus> expected) {
    return transition(s3Prefix, batchId, BatchStatus.REPROCESSING, expected,
        Map.of("updateReason", AttributeValue.fromS(REPROCESS_REASON))).isPresent();
  }

  /** {@code reprocessing -> reprocessed}; false when the batch is not reprocessing. */
  public boolean markReprocessed(String s3Prefix, String batchId) {
    return transition(s3Prefix, batchId, BatchStatus.REPROCESSED, Set.of(BatchStatus.REPROCESSING), Map.of())
        .isPresent();
  }

  /** Deletes the batch, returning it as it was. */
  public Optional<BatchItem> delete(String s3Prefix, String batchId) {
    Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table).key(key(s3Prefix, batchId))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return old == null || old.isEmpty() ? Optional.empty() : Optional.of(BatchItem.from(old));
  }

  /** Sets {@code status = to} (and {@code extra}) when the status is one of {@code from}; the new image, or empty. */
  private Optional<UpdateItemResponse> transition(String s3Prefix, String batchId, BatchStatus to,
      Set<BatchStatus> from, Map<String, AttributeValue> extra) {
    if (from.isEmpty()) {
      throw new IllegalArgumentException("a transition needs at least one expected status");
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":to", AttributeValue.fromS(to.wire()));
    StringJoiner expected = new StringJoiner(", ", "#status IN (", ")");
    int i = 0;
    for (BatchStatus status : from) {
      values.put(":from" + i, AttributeValue.fromS(status.wire()));
      expected.add(":from" + i);
      i++;
    }
    StringBuilder update = new StringBuilder("SET #status = :to, lastUpdate = :now");
    Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
    i = 0;
    for (Map.Entry<String, AttributeValue> attribute : extra.entrySet()) {
      update.append(", #extra").append(i).append(" = :extra").append(i);
      names.put("#extra" + i, attribute.getKey());
      values.put(":extra" + i, attribute.getValue());
      i++;
    }
    values.put(":now", now());
    try {
      UpdateItemResponse response = client.updateItem(UpdateItemRequest.builder()
          .tableName(table)
          .key(key(s3Prefix, batchId))
          .updateExpression(update.toString())
          .conditionExpression(expected.toString())
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)
          .build());
      log.debug("Batch {} of {} is now {}", batchId, s3Prefix, to.wire());
      return Optional.of(response);
    } catch (ConditionalCheckFailedException notInExpectedStatus) {
      log.debug("Batch {} of {} is not {}; left as it is", batchId, s3Prefix, from);
      return Optional.empty();
    }
  }

  private boolean update(String s3Prefix, String batchId, String update, String condition,
      Map<String, AttributeValue> values) {
    Map<String, AttributeValue> all = new HashMap<>(values);
    all.put(":now", now());
    try {
      client.updateItem(r -> r.tableName(table)
          .key(key(s3Prefix, batchId))
          .updateExpression(update)
          .conditionExpression(condition)
          .expressionAttributeNames(condition.contains("#status") || update.contains("#status")
              ? Map.of("#status", "status") : null)
          .expressionAttributeValues(all));
      return true;
    } catch (ConditionalCheckFailedException conditionFailed) {
      return false;
    }
  }

  /** An unconditional write would create a keys-only item for a deleted batch; refuse it instead. */
  private void requireExisting(String s3Prefix, String batchId, String update, Map<String, AttributeValue> values) {
    if (!update(s3Prefix, batchId, update, "attribute_exists(batchId)", values)) {
      throw new TrackerException("Batch " + batchId + " of " + s3Prefix + " does not exist in " + table);
    }
  }

  /**
   * The lock's {@code lastUpdate}: now in epoch seconds, as every write, plus a random part below the millisecond, so
   * that two loaders locking in the same millisecond never write the same value and a lost answer can be told apart
   * (see {@link #lock}). Still a number of epoch seconds, which the Lambda reads the same way.
   */
  private AttributeValue lockTime() {
    BigDecimal millis = BigDecimal.valueOf(clock.instant().toEpochMilli(), 3);
    BigDecimal belowMilli = BigDecimal.valueOf(ThreadLocalRandom.current().nextLong(1, NANOS_PER_MILLI), 9);
    return AttributeValue.fromN(millis.add(belowMilli).stripTrailingZeros().toPlainString());
  }

  private AttributeValue now() {
    return AttributeValue.fromN(LambdaTime.epochSeconds(clock.instant()));
  }

  private static Map<String, AttributeValue> key(String s3Prefix, String batchId) {
    return Map.of("s3Prefix", AttributeValue.fromS(s3Prefix), "batchId", AttributeValue.fromS(batchId));
  }
}
