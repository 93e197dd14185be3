package io.sluice.loader.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Finds a file's config item the way the Lambda's {@code resolveConfig} does: by shortening the file's directory. */
public final class ConfigResolver {

  private static final Logger log = LoggerFactory.getLogger(ConfigResolver.class);

  private final DynamoDbClient client;
  private final String configTable;
  private final WildcardSuppression suppression;

  public ConfigResolver(DynamoDbClient client, String configTable) {
    this(client, configTable, WildcardSuppression.NONE);
  }

  /** A resolver that leaves Hive segments as written in the directories {@code suppression} names. */
  public ConfigResolver(DynamoDbClient client, String configTable, WildcardSuppression suppression) {
    this.client = client;
    this.configTable = configTable;
    this.suppression = suppression;
  }

  /** The most specific config for {@code bucket/key}, or empty when no candidate prefix has one. */
  public Optional<ResolvedConfig> resolve(String bucket, String key) {
    for (String candidate : candidates(bucket, key, suppression)) {
      Optional<ResolvedConfig> config = read(candidate);
      if (config.isPresent()) {
        log.debug("File {}/{} resolved to config {}", bucket, key, candidate);
        return config;
      }
    }
    return Optional.empty();
  }

  /** Reads one config item consistently, since the Lambda rotates {@code currentBatch} at any time. */
  public Optional<ResolvedConfig> read(String s3Prefix) {
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(configTable)
        .key(Map.of("s3Prefix", AttributeValue.fromS(s3Prefix)))
        .consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue currentBatch = item.get("currentBatch");
    if (currentBatch == null || currentBatch.s() == null) {
      // The Lambda crashes on such an item; refusing it here keeps Sluice from creating an unkeyed batch.
      throw new TrackerException("Config " + s3Prefix + " in " + configTable + " has no currentBatch string");
    }
    return Optional.of(new ResolvedConfig(s3Prefix, currentBatch.s(), string(item, "filenameFilterRegex"),
        string(item, "version")));
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /**
   * The prefixes the Lambda looks up, most specific first: the key's directory with Hive {@code name=value}
   * segments turned into {@code name=*} (unless {@code suppression} names the directory), then that string with
   * its last {@code /}-segment dropped, down to the bucket.
   */
  static List<String> candidates(String bucket, String key, WildcardSuppression suppression) {
    String filename = key.substring(key.lastIndexOf('/') + 1);
    // The Lambda removes the first occurrence of the file name, not the last segment; the quirk is kept on purpose.
    String directory = key.replaceFirst(Pattern.quote(filename), "");
    if (directory.endsWith("/")) {
      directory = directory.substring(0, directory.length() - 1);
    }
    List<String> candidates = new ArrayList<>();
    String candidate = bucket + "/" + (suppression.suppresses(directory) ? directory : hiveWildcards(directory));
    while (!candidate.isEmpty()) {
      candidates.add(candidate);
      int slash = candidate.lastIndexOf('/');
      candidate = slash < 0 ? "" : candidate.substring(0, slash);
    }
    return candidates;
  }

  /** The prefixes {@link #resolve} looks up for {@code bucket/key}, most specific first. */
  public List<String> lookups(String bucket, String key) {
    return candidates(bucket, key, suppression);
  }

  /** {@link #candidates(String, String, WildcardSuppression)} without suppression. */
  static List<String> candidates(String bucket, String key) {
    return candidates(bucket, key, WildcardSuppression.NONE);
  }

  private static String hiveWildcards(String directory) {
    String[] segments = directory.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      int equals = segments[i].indexOf('=');
      if (equals >= 0) {
        segments[i] = segments[i].substring(0, equals + 1) + "*";
      }
    }
    return String.join("/", segments);
  }
}
