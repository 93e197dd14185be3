package io.sluice.loader.tracker;

import io.sluice.config.loader.LoadConfig;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.secrets.SecretCipher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The config table: reads, rotation, and writing a YAML load configuration as a Lambda-compatible item. */
public final class ConfigTable {

  /** Writes that lose a race with another writer of the same item are redone this often before giving up. */
  private static final int UPSERT_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(ConfigTable.class);

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  public ConfigTable(DynamoDbClient client, TableNames tables, Clock clock) {
    this.client = client;
    this.table = tables.config();
    this.clock = clock;
  }

  /** The config item of {@code s3Prefix}, read consistently. */
  public Optional<ConfigItem> read(String s3Prefix) {
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table)
        .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix)))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ConfigItem.from(item));
  }

  /** Every config item, all pages. */
  public List<ConfigItem> scan() {
    List<ConfigItem> items = new ArrayList<>();
    client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
        .forEach(item -> items.add(ConfigItem.from(item)));
    return items;
  }

  /**
   * Starts a new open batch after {@code lockedBatchId} was locked: {@code currentBatch} becomes a new lower-case
   * UUID v4 and {@code lastBatchRotation} the readable UTC time, as the Lambda rotates (contract 2.10). Unlike the
   * Lambda, only while {@code currentBatch} still is {@code lockedBatchId}, so a stale loader never orphans a newer
   * open batch (H5).
   *
   * @return false when {@code currentBatch} had already moved on (or the item is gone)
   */
  public boolean rotate(String s3Prefix, String lockedBatchId) {
    String next = UUID.randomUUID().toString();
    try {
      client.updateItem(r -> r.tableName(table)
          .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix)))
          .updateExpression("SET currentBatch = :next, lastBatchRotation = :now")
          .conditionExpression("currentBatch = :locked")
          .expressionAttributeValues(Map.of(
              ":next", AttributeValue.fromS(next),
              ":now", AttributeValue.fromS(LambdaTime.readable(clock.instant())),
              ":locked", AttributeValue.fromS(lockedBatchId))));
      log.debug("Config {} rotated from batch {} to {}", s3Prefix, lockedBatchId, next);
      return true;
    } catch (ConditionalCheckFailedException moved) {
      log.info("Config {} no longer has batch {} as its current batch; not rotated", s3Prefix, lockedBatchId);
      return false;
    }
  }

  /**
   * Writes {@code load} as the config item of its prefix, with the attribute types of contract 1.2, and returns
   * the item as written.
   *
   * <ul>
   *   <li>An existing {@code currentBatch} is kept, unlike the Lambda's setup, so re-running never orphans the
   *       open batch (H5); a new item gets a new UUID v4.
   *   <li>{@code version} becomes {@code 2.8.3} unless the item holds a higher semver (a newer Lambda wrote it).
   *   <li>Secrets ({@code connectPassword} per cluster, {@code secretKeyForS3}, {@code masterSymmetricKey}) are
   *       written encrypted with {@code cipher}. With {@code cipher == null} none is written; a ciphertext the item
   *       already holds for the same secret (for {@code connectPassword}: of the same {@code clusterEndpoint}) is
   *       kept. A cluster without a YAML password keeps its existing {@code connectPassword} too.
   *   <li>Attributes of the mapping that {@code load} no longer sets are removed; others (such as
   *       {@code lastBatchRotation}) are left alone. {@code iamRole} is an extra attribute the Lambda ignores.
   * </ul>
   *
   * @throws TrackerException when other writers kept changing the item while it was written
   */
  public ConfigItem upsert(LoadConfig load, SecretCipher cipher) {
    for (int attempt = 1; attempt <= UPSERT_ATTEMPTS; attempt++) {
      Optional<ConfigItem> existing = read(load.s3Prefix());
      Optional<ConfigItem> written = tryUpsert(load, cipher, existing);
      if (written.isPresent()) {
        log.info("Config {} written to {} (version {}, current batch {})", load.s3Prefix(), table,
            written.get().version(), written.get().currentBatch());
        return written.get();
      }
      log.debug("Config {} changed while it was written; retrying", load.s3Prefix());
    }
    throw new TrackerException("Config " + load.s3Prefix() + " in " + table + " kept changing while it was written ("
        + UPSERT_ATTEMPTS + " attempts); try again");
  }

  /** One conditional write against the item as read; empty when the item changed in between. */
  private Optional<ConfigItem> tryUpsert(LoadConfig load, SecretCipher cipher, Optional<ConfigItem> existing) {
    Map<String, AttributeValue> old = existing.map(ConfigItem::item).orElse(Map.of());
    Map<String, AttributeValue> attributes = new ConfigItemMapping(cipher, old).attributes(load);
    attributes.put("version", AttributeValue.fromS(version(existing.map(ConfigItem::version).orElse(null))));

    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    StringJoiner set = new StringJoiner(", ", "SET ", "");
    int i = 0;
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      names.put("#a" + i, attribute.getKey());
      values.put(":a" + i, attribute.getValue());
      set.add("#a" + i + " = :a" + i);
      i++;
    }
    names.put("#currentBatch", "currentBatch");
    values.put(":newBatch", AttributeValue.fromS(UUID.randomUUID().toString()));
    set.add("#currentBatch = if_not_exists(#currentBatch, :newBatch)");
    StringJoiner remove = new StringJoiner(", ", " REMOVE ", "").setEmptyValue("");
    int r = 0;
    for (String name : ConfigItemMapping.OPTIONAL_ATTRIBUTES) {
      if (!attributes.containsKey(name) && old.containsKey(name)) {
        names.put("#r" + r, name);
        remove.add("#r" + r);
        r++;
      }
    }

    // Guards the read-modify-write: the Lambda's upgrade rewrites loadClusters and version together.
    String condition;
    if (existing.isEmpty()) {
      condition = "attribute_not_exists(s3Prefix)";
    } else if (!old.containsKey("version")) {
      condition = "attribute_exists(s3Prefix) AND attribute_not_exists(#version)";
      names.put("#version", "version");
    } else if (existing.get().version() == null) {
      // A version of the wrong type cannot be compared; it is replaced, as the Lambda would crash on it.
      condition = "attribute_exists(s3Prefix)";
    } else {
      condition = "#version = :readVersion";
      names.put("#version", "version");
      values.put(":readVersion", AttributeValue.fromS(existing.get().version()));
    }
    try {
      Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder()
          .tableName(table)
          .key(Map.of("s3Prefix", AttributeValue.fromS(load.s3Prefix())))
          .updateExpression(set + remove.toString())
          .conditionExpression(condition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)
          .build()).attributes();
      return Optional.of(ConfigItem.from(item));
    } catch (ConditionalCheckFailedException changed) {
      return Optional.empty();
    }
  }

  /** {@code 2.8.3}, or the item's own version when a newer Lambda has written it (never lowered, H8). */
  private static String version(String existing) {
    return Semver.parse(existing)
        .filter(v -> v.compareTo(Semver.LAMBDA) > 0)
        .map(v -> existing)
        .orElse(Semver.LAMBDA.toString());
  }
}
