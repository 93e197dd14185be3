package io.sluice.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Every JSON line in a bucket, in the order a loader would see them: objects by key, lines in file order. */
final class BucketContents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BucketContents() {}

  /** The lines of every object, objects ordered by their trailing sequence number within each tag. */
  static List<JsonNode> lines(S3Client s3, String bucket) {
    List<String> keys = s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .filter(key -> !S3ProxyTempFiles.isTempFile(key))
        .sorted(Comparator.comparing(BucketContents::sequenceOf))
        .toList();
    List<JsonNode> lines = new ArrayList<>();
    for (String key : keys) {
      String content = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key))
          .asString(StandardCharsets.UTF_8);
      for (String line : content.split("\n")) {
        if (!line.isEmpty()) {
          lines.add(parse(line));
        }
      }
    }
    return lines;
  }

  /** The zero-padded sequence number the default key template ends with. */
  private static String sequenceOf(String key) {
    return key.substring(key.lastIndexOf('-') + 1);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON line: " + line, e);
    }
  }
}
