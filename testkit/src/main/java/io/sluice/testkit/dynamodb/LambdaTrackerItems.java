package io.sluice.testkit.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tracker items exactly as the Lambda loader 2.8.3 writes them, for tests to put into its three tables.
 *
 * <p>Each builder returns a new mutable map, so that a test adds or replaces the one attribute it is about.
 */
public final class LambdaTrackerItems {

  /** The cluster endpoint of {@link #config(String, String)}. */
  public static final String CLUSTER_ENDPOINT = "analytics.example.redshift.amazonaws.com";
  /** The base64 "KMS ciphertext" of the cluster password of {@link #config(String, String)}. */
  public static final String CONNECT_PASSWORD = "c2VjcmV0";

  private LambdaTrackerItems() {
  }

  /** Files and their sizes in the order given: {@code sized("bkt/a.json", 10L, "bkt/b.json", 20L)}. */
  public static Map<String, Long> sized(Object... fileThenSize) {
    Map<String, Long> files = new LinkedHashMap<>();
    for (int i = 0; i < fileThenSize.length; i += 2) {
      files.put((String) fileThenSize[i], (Long) fileThenSize[i + 1]);
    }
    return files;
  }

  /** A config item of version 2.8.3 as setup.js writes it, for one JSON cluster. */
  public static Map<String, AttributeValue> config(String s3Prefix, String currentBatch) {
    return config(s3Prefix, currentBatch, "2.8.3", CLUSTER_ENDPOINT, CONNECT_PASSWORD);
  }

  /** A config item as setup.js of {@code version} writes it, for one JSON cluster. */
  public static Map<String, AttributeValue> config(String s3Prefix, String currentBatch, String version,
      String clusterEndpoint, String connectPassword) {
    return new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "currentBatch", AttributeValue.fromS(currentBatch),
        "version", AttributeValue.fromS(version),
        "batchSize", AttributeValue.fromN("100"),
        "dataFormat", AttributeValue.fromS("JSON"),
        "manifestBucket", AttributeValue.fromS("manifests-bkt"),
        "manifestKey", AttributeValue.fromS("redshift/manifest"),
        "loadClusters", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
            "clusterEndpoint", AttributeValue.fromS(clusterEndpoint),
            "clusterPort", AttributeValue.fromN("5439"),
            "connectUser", AttributeValue.fromS("loader"),
            "connectPassword", AttributeValue.fromS(connectPassword),
            "targetTable", AttributeValue.fromS("public.access")))))));
  }

  /**
   * A batch after the Lambda's adds of {@code files}, then set to {@code status} at {@code lastUpdate} (epoch
   * seconds as the Lambda renders them).
   */
  public static Map<String, AttributeValue> batch(String s3Prefix, String batchId, String status, String lastUpdate,
      Map<String, Long> files) {
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
    // DynamoDB refuses an empty set.
    if (!writeDates.isEmpty()) {
      item.put("writeDates", AttributeValue.fromNs(writeDates));
    }
    return item;
  }

  /** A batch of a Lambda older than 2.7.9: the {@code entries} set, without sizes. */
  public static Map<String, AttributeValue> legacyBatch(String s3Prefix, String batchId, String status,
      String lastUpdate, List<String> files) {
    return new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS(status),
        "lastUpdate", AttributeValue.fromN(lastUpdate),
        "writeDates", AttributeValue.fromNs(List.of("1795618000.001")),
        "size", AttributeValue.fromN("0"),
        "entries", AttributeValue.fromSs(files)));
  }

  /** A processed file after the dedupe upsert and, when {@code batchId} is not null, the link. */
  public static Map<String, AttributeValue> file(String loadFile, String receiveDateTime, String batchId) {
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "loadFile", AttributeValue.fromS(loadFile),
        "receiveDateTime", AttributeValue.fromS(receiveDateTime),
        "timesReceived", AttributeValue.fromN("1")));
    if (batchId != null) {
      item.put("batchId", AttributeValue.fromS(batchId));
    }
    return item;
  }
}
