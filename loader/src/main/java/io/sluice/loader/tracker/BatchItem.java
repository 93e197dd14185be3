package io.sluice.loader.tracker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of the batch table, read as the Lambda loader writes it (contract 1.3 and 7.2).
 *
 * @param s3Prefix the config prefix the batch belongs to
 * @param batchId the batch id
 * @param status the status; {@link BatchStatus#OPEN} when absent
 * @param entries the files: every {@code entryMap} element in order, duplicates kept, then the legacy
 *     {@code entries} set's files that {@code entryMap} does not hold
 * @param writeDates one epoch-seconds value per add
 * @param size the cumulative bytes of every add
 * @param lastUpdate epoch seconds of the last write, or null
 * @param manifestFile {@code bucket/key} of the manifest (or of its failed copy), or null
 * @param clusterLoadStatus JSON text of the per-cluster outcome, or null
 * @param errorMessage JSON text of the error that closed the batch, or null
 * @param item the item as read, for printing it whole
 */
public record BatchItem(
    String s3Prefix,
    String batchId,
    BatchStatus status,
    List<BatchEntry> entries,
    List<BigDecimal> writeDates,
    long size,
    BigDecimal lastUpdate,
    String manifestFile,
    String clusterLoadStatus,
    String errorMessage,
    Map<String, AttributeValue> item) {

  public BatchItem {
    entries = List.copyOf(entries);
    writeDates = List.copyOf(writeDates);
    item = Collections.unmodifiableMap(new LinkedHashMap<>(item));
  }

  /** Reads a batch item; fails with {@link TrackerException} when its keys are missing or its status unknown. */
  public static BatchItem from(Map<String, AttributeValue> item) {
    String s3Prefix = string(item, "s3Prefix");
    String batchId = string(item, "batchId");
    if (s3Prefix == null || batchId == null) {
      throw new TrackerException("batch item without s3Prefix or batchId: " + item.keySet());
    }
    BatchStatus status;
    try {
      status = BatchStatus.fromWire(string(item, "status"));
    } catch (IllegalArgumentException e) {
      throw new TrackerException("batch " + batchId + " of " + s3Prefix + ": " + e.getMessage());
    }
    List<BatchEntry> entries = new ArrayList<>();
    Set<String> mapped = new LinkedHashSet<>();
    AttributeValue entryMap = item.get("entryMap");
    if (entryMap != null && entryMap.hasL()) {
      for (AttributeValue element : entryMap.l()) {
        Map<String, AttributeValue> m = element.m();
        String file = m.get("file").s();
        AttributeValue size = m.get("size");
        entries.add(new BatchEntry(file, size != null && size.n() != null
            ? new BigDecimal(size.n()).longValue() : BatchEntry.UNKNOWN_SIZE));
        mapped.add(file);
      }
    }
    AttributeValue legacy = item.get("entries");
    if (legacy != null && legacy.hasSs()) {
      // The Lambda's flush ignores these (contract 8.2); a batch upgraded mid-way holds files only listed here.
      for (String file : legacy.ss()) {
        if (!mapped.contains(file)) {
          entries.add(new BatchEntry(file, BatchEntry.UNKNOWN_SIZE));
        }
      }
    }
    List<BigDecimal> writeDates = new ArrayList<>();
    AttributeValue dates = item.get("writeDates");
    if (dates != null && dates.hasNs()) {
      dates.ns().forEach(n -> writeDates.add(new BigDecimal(n)));
    }
    AttributeValue size = item.get("size");
    AttributeValue lastUpdate = item.get("lastUpdate");
    return new BatchItem(s3Prefix, batchId, status, entries, writeDates,
        size != null && size.n() != null ? new BigDecimal(size.n()).longValue() : 0,
        lastUpdate != null && lastUpdate.n() != null ? new BigDecimal(lastUpdate.n()) : null,
        string(item, "manifestFile"), string(item, "clusterLoadStatus"), string(item, "errorMessage"), item);
  }

  /** The entries with each file once, in first-seen order: a file added twice (contract H2) is loaded once. */
  public List<BatchEntry> distinctEntries() {
    Map<String, BatchEntry> byFile = new LinkedHashMap<>();
    for (BatchEntry entry : entries) {
      byFile.putIfAbsent(entry.file(), entry);
    }
    return List.copyOf(byFile.values());
  }

  /** When the first file was added, in whole seconds as the Lambda's flush rule counts it; null without adds. */
  public Instant firstWrite() {
    return writeDates.stream().min(BigDecimal::compareTo)
        .map(min -> Instant.ofEpochSecond(min.setScale(0, RoundingMode.FLOOR).longValueExact()))
        .orElse(null);
  }

  /** {@code lastUpdate} as an instant, or null. */
  public Instant lastUpdateTime() {
    if (lastUpdate == null) {
      return null;
    }
    BigDecimal millis = lastUpdate.movePointRight(3).setScale(0, RoundingMode.FLOOR);
    return Instant.ofEpochMilli(millis.longValueExact());
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
