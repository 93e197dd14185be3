package io.sluice.loader.tracker;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A processed-file item (contract 1.4).
 *
 * @param loadFile {@code bucket/key} in the Lambda's key representation
 * @param batchId the batch the file was added to, or null while (or when, H3) it is not linked
 * @param receiveDateTime {@code YYYY-MM-DD HH:MM:SS} UTC of the last receipt, or null
 * @param timesReceived how often the file was received
 * @param previousBatches the batches the file was in before it was re-submitted, oldest first
 * @param item the item as read, every attribute
 */
public record ProcessedFile(String loadFile, String batchId, String receiveDateTime, long timesReceived,
    List<String> previousBatches, Map<String, AttributeValue> item) {

  public ProcessedFile {
    previousBatches = List.copyOf(previousBatches);
    item = Collections.unmodifiableMap(new LinkedHashMap<>(item));
  }

  /** Reads a processed-file item; fails with {@link TrackerException} when it has no {@code loadFile}. */
  public static ProcessedFile from(Map<String, AttributeValue> item) {
    String loadFile = string(item, "loadFile");
    if (loadFile == null) {
      throw new TrackerException("processed-file item without loadFile: " + item.keySet());
    }
    AttributeValue times = item.get("timesReceived");
    List<String> previous = new ArrayList<>();
    AttributeValue previousBatches = item.get("previousBatches");
    if (previousBatches != null && previousBatches.hasL()) {
      for (AttributeValue batch : previousBatches.l()) {
        if (batch.s() != null) {
          previous.add(batch.s());
        }
      }
    }
    return new ProcessedFile(loadFile, string(item, "batchId"), string(item, "receiveDateTime"),
        times != null && times.n() != null ? new BigDecimal(times.n()).longValue() : 0, previous, item);
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
