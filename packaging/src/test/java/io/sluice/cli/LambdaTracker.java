package io.sluice.cli;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.tracker.TrackerTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Lambda loader's tables in DynamoDB Local, and items written exactly as the Lambda 2.8.3 leaves them. */
final class LambdaTracker {

  static final TableNames TABLES = new TableNames(null, null, null);

  private final DynamoDbClient client;

  private LambdaTracker(DynamoDbClient client) {
    this.client = client;
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

  /** Files and their sizes in the order given: {@code sized("bkt/a.json", 10L, "bkt/b.json", 20L)}. */
  static Map<String, Long> sized(Object... fileThenSize) {
    Map<String, Long> files = new LinkedHashMap<>();
    for (int i = 0; i < fileThenSize.length; i += 2) {
      files.put((String) fileThenSize[i], (Long) fileThenSize[i + 1]);
    }
    return files;
  }

  /** A config item as setup.js writes it. */
  void config(String s3Prefix, String currentBatch) {
    client.putItem(r -> r.tableName(TABLES.config()).item(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "currentBatch", AttributeValue.fromS(currentBatch),
        "version", AttributeValue.fromS("2.8.3"),
        "batchSize", AttributeValue.fromN("100"),
        "dataFormat", AttributeValue.fromS("JSON"),
        "manifestBucket", AttributeValue.fromS("manifests-bkt"),
        "manifestKey", AttributeValue.fromS("redshift/manifest"),
        "loadClusters", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
            "clusterEndpoint", AttributeValue.fromS("analytics.example.redshift.amazonaws.com"),
            "clusterPort", AttributeValue.fromN("5439"),
            "connectUser", AttributeValue.fromS("loader"),
            "connectPassword", AttributeValue.fromS("c2VjcmV0"),
            "targetTable", AttributeValue.fromS("public.access"))))))));
  }

  /**
   * A batch after the Lambda's adds of {@code files}, then set to {@code status} at {@code lastUpdate} (epoch
   * seconds as the Lambda renders them); {@code extra} attributes (manifestFile, errorMessage...) are added as given.
   */
  void batch(String s3Prefix, String batchId, String status, String lastUpdate, Map<String, Long> files,
      Map<String, AttributeValue> extra) {
    List<AttributeValue> entryMap = new ArrayList<>();
    List<String> writeDates = new ArrayList<>();
    long total = 0;
    int i = 0;
    for (Map.Entry<String, Long> file : files.entrySet()) {
      entryMap.add(AttributeValue.fromM(Map.of("file", AttributeValue.fromS(file.getKey()),
          "size", AttributeValue.fromN(Long.toString(file.getValue())))));
      // Whole milliseconds apart, as the Lambda renders them; equal values would collapse in the set.
      writeDates.add("1795618000.%03d".formatted(++i));
      total += file.getValue();
    }
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS(status),
        "lastUpdate", AttributeValue.fromN(lastUpdate),
        "size", AttributeValue.fromN(Long.toString(total)),
        "entryMap", AttributeValue.fromL(entryMap)));
    if (!writeDates.isEmpty()) {
      item.put("writeDates", AttributeValue.fromNs(writeDates));
    }
    item.putAll(extra);
    client.putItem(r -> r.tableName(TABLES.batches()).item(item));
  }

  void batch(String s3Prefix, String batchId, String status, String lastUpdate, Map<String, Long> files) {
    batch(s3Prefix, batchId, status, lastUpdate, files, Map.of());
  }

  /** A processed file after the dedupe upsert and, when {@code batchId} is not null, the link. */
  void file(String loadFile, String receiveDateTime, String batchId) {
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "loadFile", AttributeValue.fromS(loadFile),
        "receiveDateTime", AttributeValue.fromS(receiveDateTime),
        "timesReceived", AttributeValue.fromN("1")));
    if (batchId != null) {
      item.put("batchId", AttributeValue.fromS(batchId));
    }
    client.putItem(r -> r.tableName(TABLES.files()).item(item));
  }

  Map<String, AttributeValue> rawConfig(String s3Prefix) {
    return client.getItem(r -> r.tableName(TABLES.config()).consistentRead(true)
        .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix)))).item();
  }

  Map<String, AttributeValue> rawBatch(String s3Prefix, String batchId) {
    return client.getItem(r -> r.tableName(TABLES.batches()).consistentRead(true).key(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix), "batchId", AttributeValue.fromS(batchId)))).item();
  }

  Map<String, AttributeValue> rawFile(String loadFile) {
    return client.getItem(r -> r.tableName(TABLES.files()).consistentRead(true)
        .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))).item();
  }

  /** The files of a batch's {@code entryMap} with their sizes, in order. */
  List<String> entryMap(String s3Prefix, String batchId) {
    AttributeValue entryMap = rawBatch(s3Prefix, batchId).get("entryMap");
    return entryMap == null ? List.of() : entryMap.l().stream()
        .map(e -> e.m().get("file").s() + ":" + e.m().get("size").n()).toList();
  }

  /** Every item of the three tables, to show that a dry run wrote nothing. */
  List<Map<String, AttributeValue>> everything() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String table : List.of(TABLES.config(), TABLES.batches(), TABLES.files())) {
      client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
    }
    return items;
  }
}
