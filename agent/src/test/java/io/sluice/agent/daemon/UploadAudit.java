package io.sluice.agent.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The audit file the {@link AuditingStore}s of all runs appended to, read back: for each key, the SHA-256 of every
 * upload attempt, in order.
 */
final class UploadAudit {

  private final Map<String, List<String>> hashesByKey;

  private UploadAudit(Map<String, List<String>> hashesByKey) {
    this.hashesByKey = hashesByKey;
  }

  static UploadAudit read(Path file) throws IOException {
    Map<String, List<String>> hashesByKey = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      if (fields.length != 2 || !fields[1].matches("[0-9a-f]{64}")) {
        throw new IllegalStateException("not a key<TAB>sha256 line in " + file + ": " + line);
      }
      hashesByKey.computeIfAbsent(fields[0], key -> new ArrayList<>()).add(fields[1]);
    }
    return new UploadAudit(hashesByKey);
  }

  /** The distinct hashes {@code key} was uploaded with; empty when it never was. */
  Set<String> hashesOf(String key) {
    return new TreeSet<>(hashesByKey.getOrDefault(key, List.of()));
  }

  /** Keys uploaded more than once, with how many times each was. */
  Map<String, Integer> repeatedKeys() {
    Map<String, Integer> repeated = new TreeMap<>();
    hashesByKey.forEach((key, hashes) -> {
      if (hashes.size() > 1) {
        repeated.put(key, hashes.size());
      }
    });
    return repeated;
  }

  /** Keys uploaded with more than one content, each with its distinct hashes: what must never happen. */
  Map<String, Set<String>> keysWithDifferentContents() {
    Map<String, Set<String>> conflicting = new TreeMap<>();
    for (String key : hashesByKey.keySet()) {
      Set<String> distinct = hashesOf(key);
      if (distinct.size() > 1) {
        conflicting.put(key, distinct);
      }
    }
    return conflicting;
  }

  /** Upload attempts beyond the first of each key. */
  int reuploads() {
    return hashesByKey.values().stream().mapToInt(hashes -> hashes.size() - 1).sum();
  }

  int uploads() {
    return hashesByKey.values().stream().mapToInt(List::size).sum();
  }
}
