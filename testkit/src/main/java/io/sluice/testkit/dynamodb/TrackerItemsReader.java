package io.sluice.testkit.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the tracker's items back as stored, with consistent reads, for tests to check what was written. */
public final class TrackerItemsReader {

  private final DynamoDbClient client;
  private final String configTable;
  private final String batchesTable;
  private final String filesTable;

  public TrackerItemsReader(DynamoDbClient client, String configTable, String batchesTable, String filesTable) {
    this.client = client;
    this.configTable = configTable;
    this.batchesTable = batchesTable;
    this.filesTable = filesTable;
  }

  /** The config item of {@code s3Prefix}, or an empty map. */
  public Map<String, AttributeValue> config(String s3Prefix) {
    return client.getItem(r -> r.tableName(configTable).consistentRead(true)
        .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix)))).item();
  }

  /** The batch item, or an empty map. */
  public Map<String, AttributeValue> batch(String s3Prefix, String batchId) {
    return client.getItem(r -> r.tableName(batchesTable).consistentRead(true).key(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix), "batchId", AttributeValue.fromS(batchId)))).item();
  }

  /** The processed-file item, or an empty map. */
  public Map<String, AttributeValue> file(String loadFile) {
    return client.getItem(r -> r.tableName(filesTable).consistentRead(true)
        .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))).item();
  }

  /** The files of a batch's {@code entryMap} as {@code file:size}, in order. */
  public List<String> entryMap(String s3Prefix, String batchId) {
    AttributeValue entryMap = batch(s3Prefix, batchId).get("entryMap");
    return entryMap == null ? List.of() : entryMap.l().stream()
        .map(e -> e.m().get("file").s() + ":" + e.m().get("size").n()).toList();
  }

  /** Every item of the three tables, to show that something wrote nothing. */
  public List<Map<String, AttributeValue>> everything() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String table : List.of(configTable, batchesTable, filesTable)) {
      client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
    }
    return items;
  }
}
