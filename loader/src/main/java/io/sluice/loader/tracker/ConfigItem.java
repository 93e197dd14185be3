package io.sluice.loader.tracker;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One config item as read (contract 1.2); unknown attributes kept in {@link #item()}.
 *
 * @param s3Prefix the item's key
 * @param currentBatch the id of the prefix's open batch, or null on a broken item
 * @param version the newest Lambda release that touched the item, or null
 * @param batchSize flush once a batch holds this many files, or null
 * @param batchSizeBytes flush once a batch's files add up to this many bytes, or null
 * @param batchTimeoutSecs flush once a batch's first file is this many seconds old, or null
 * @param filenameFilterRegex the regular expression keys must contain a match of, or null
 * @param item the item as read, every attribute
 */
public record ConfigItem(
    String s3Prefix,
    String currentBatch,
    String version,
    Integer batchSize,
    Long batchSizeBytes,
    Long batchTimeoutSecs,
    String filenameFilterRegex,
    Map<String, AttributeValue> item) {

  public ConfigItem {
    item = Collections.unmodifiableMap(new LinkedHashMap<>(item));
  }

  /** Reads a config item; fails with {@link TrackerException} when it has no {@code s3Prefix}. */
  public static ConfigItem from(Map<String, AttributeValue> item) {
    String s3Prefix = string(item, "s3Prefix");
    if (s3Prefix == null) {
      throw new TrackerException("config item without s3Prefix: " + item.keySet());
    }
    Long batchSize = number(item, "batchSize");
    return new ConfigItem(s3Prefix, string(item, "currentBatch"), string(item, "version"),
        batchSize == null ? null : Math.toIntExact(batchSize), number(item, "batchSizeBytes"),
        number(item, "batchTimeoutSecs"), string(item, "filenameFilterRegex"), item);
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /**
   * A number attribute; one stored as S (as {@code updateConfig.js} writes it, which breaks the Lambda, H9) is read
   * too, so that listing a drifted config still shows its values.
   */
  private static Long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null) {
      return null;
    }
    String text = value.n() != null ? value.n() : value.s();
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text.trim()).longValue();
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
