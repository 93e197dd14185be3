package io.sluice.agent.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The records an agent has shipped to a bucket: every object's lines parsed as records, each checked to lie in the
 * hour its object's key names. Objects are downloaded once
 * per ETag, so waiting on a growing bucket does not re-read it all on each look.
 */
final class BucketRecords {

  /** {@code 2026-11-25T15}: how much of an ISO-8601 time names its hour. */
  private static final int HOUR_LENGTH = 13;
  /** Strict: a line holding one record and then a piece of another is not a record. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final Map<String, ShippedObject> byKey = new HashMap<>();

  /** Reads {@code bucket}, whose keys start with {@code <prefix>/<tag>/}. */
  BucketRecords(S3Client client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  /**
   * One object as shipped.
   *
   * @param etag the ETag it was read at
   * @param sha256 the hash of its content, to compare with the upload audit
   * @param ids the {@code id} of each line, in order
   * @param problems lines that are not a JSON record with the tag of their key, a time and an id
   */
  record ShippedObject(String etag, String sha256, List<String> ids, List<String> problems) {}

  /** Everything in the bucket now, by key. */
  Map<String, ShippedObject> read() {
    Map<String, ShippedObject> now = new TreeMap<>();
    for (S3Object listed : client.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
      if (S3ProxyTempFiles.isTempFile(listed.key())) {
        continue;
      }
      ShippedObject known = byKey.get(listed.key());
      if (known == null || !known.etag().equals(listed.eTag())) {
        known = download(listed);
        byKey.put(listed.key(), known);
      }
      now.put(listed.key(), known);
    }
    return now;
  }

  /** How many lines each id is in, over all of {@code objects}. */
  static Map<String, Integer> idCounts(Map<String, ShippedObject> objects) {
    Map<String, Integer> counts = new HashMap<>();
    objects.values().forEach(object -> object.ids().forEach(id -> counts.merge(id, 1, Integer::sum)));
    return counts;
  }

  private ShippedObject download(S3Object listed) {
    byte[] content = client.getObjectAsBytes(request -> request.bucket(bucket).key(listed.key())).asByteArray();
    List<String> ids = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String text = new String(content, StandardCharsets.UTF_8);
    if (!text.endsWith("\n")) {
      problems.add(listed.key() + ": does not end with a newline, so its last line may be cut");
    }
    for (String line : text.split("\n")) {
      JsonNode record = parse(line);
      String problem = problemWith(listed.key(), record);
      if (problem == null) {
        ids.add(record.get("id").asText());
      } else {
        problems.add(listed.key() + ": " + problem + ": " + line);
      }
    }
    // The ETag is the one listed: an object replaced since is seen, and read again, on the next look.
    return new ShippedObject(listed.eTag(), AuditingStore.sha256(content), ids, problems);
  }

  /** The line as JSON, or null when it is not JSON. */
  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  /** The hour a key of the default template names, as an ISO-8601 time starts: {@code 2026-11-25T15}. */
  private String hourOfKey(String key, String tag) {
    String[] fields = key.substring((prefix + "/" + tag + "/").length()).split("/");
    return fields[0] + "-" + fields[1] + "-" + fields[2] + "T" + fields[3];
  }

  /** Why {@code record}, a line of the object {@code key}, is not a shipped record; null when it is one. */
  private String problemWith(String key, JsonNode record) {
    if (record == null || !record.isObject()) {
      return "not a JSON object";
    }
    if (!record.path("tag").isTextual() || !key.startsWith(prefix + "/" + record.get("tag").asText() + "/")) {
      return "no tag, or not the tag of its key";
    }
    if (!record.path("time").isTextual() || !record.path("id").isTextual()) {
      return "no time or no id";
    }
    if (!hourOfKey(key, record.get("tag").asText()).equals(record.get("time").asText().substring(0, HOUR_LENGTH))) {
      return "a time outside the hour of its key";
    }
    return null;
  }
}
