package io.sluice.loader.admin;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes tracker items exactly as the Lambda loader 2.8.3 leaves them, to stage its hazards by hand. */
final class LambdaItems {

  private final DynamoDbClient client;
  private final TableNames tables;

  LambdaItems(DynamoDbClient client, TableNames tables) {
    this.client = client;
    this.tables = tables;
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
    client.putItem(r -> r.tableName(tables.config()).item(Map.of(
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
   * A batch after the Lambda's adds of {@code files} (each {@code size} bytes in {@code entryMap}), then set to
   * {@code status}; {@code manifestFile} is written when not null.
   */
  void batch(String s3Prefix, String batchId, String status, String manifestFile, Map<String, Long> files) {
    List<AttributeValue> entryMap = new ArrayList<>();
    List<String> writeDates = new ArrayList<>();
    long total = 0;
    int i = 0;
    for (Map.Entry<String, Long> file : files.entrySet()) {
      entryMap.add(AttributeValue.fromM(Map.of("file", AttributeValue.fromS(file.getKey()),
          "size", AttributeValue.fromN(Long.toString(file.getValue())))));
      writeDates.add("1795618000." + (++i));
      total += file.getValue();
    }
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS(status),
        "lastUpdate", AttributeValue.fromN("1795618100.25"),
        "writeDates", AttributeValue.fromNs(writeDates),
        "size", AttributeValue.fromN(Long.toString(total)),
        "entryMap", AttributeValue.fromL(entryMap)));
    if (manifestFile != null) {
      item.put("manifestFile", AttributeValue.fromS(manifestFile));
    }
    client.putItem(r -> r.tableName(tables.batches()).item(item));
  }

  /** A batch of a Lambda older than 2.7.9: the {@code entries} set, without sizes. */
  void legacyBatch(String s3Prefix, String batchId, String status, List<String> files) {
    client.putItem(r -> r.tableName(tables.batches()).item(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS(status),
        "lastUpdate", AttributeValue.fromN("1795618100.25"),
        "writeDates", AttributeValue.fromNs(List.of("1795618000.1")),
        "size", AttributeValue.fromN("0"),
        "entries", AttributeValue.fromSs(files))));
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
    client.putItem(r -> r.tableName(tables.files()).item(item));
  }

  Map<String, AttributeValue> rawBatch(String s3Prefix, String batchId) {
    return client.getItem(r -> r.tableName(tables.batches()).consistentRead(true).key(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix), "batchId", AttributeValue.fromS(batchId)))).item();
  }

  Map<String, AttributeValue> rawFile(String loadFile) {
    return client.getItem(r -> r.tableName(tables.files()).consistentRead(true)
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
    for (String table : List.of(tables.config(), tables.batches(), tables.files())) {
      client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
    }
    return items;
  }
}
