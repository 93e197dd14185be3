package io.sluice.loader.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.tracker.BatchEntry;
import io.sluice.loader.tracker.LambdaTime;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The manifest's name and body as the Lambda writes them (contract 3.1). */
public final class Manifests {

  /** The Lambda's {@code Math.floor(Math.random() * 10000)}: 0 to 9999. */
  private static final int NAME_RANDOM_BOUND = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /** {@code manifest-YYYY-MM-DD HH:MM:SS-<0..9999>} in UTC; the number is not zero-padded. */
  public static String name(Instant now, RandomGenerator random) {
    return "manifest-" + LambdaTime.readable(now) + "-" + random.nextInt(NAME_RANDOM_BOUND);
  }

  /**
   * The manifest URL of a batch file: {@code s3://} + the file with every {@code +} turned into a space, which undoes
   * the Lambda's key representation (so a key with a real {@code +} cannot be loaded, by the Lambda or by Sluice).
   */
  public static String url(String file) {
    return "s3://" + file.replace('+', ' ');
  }

  /**
   * The compact JSON body {@code {"entries":[{"url":…,"mandatory":true,"meta":{"content_length":N}},…]}}, one entry
   * per element in order, duplicates kept (removing them is the caller's decision).
   *
   * @throws IllegalArgumentException when an entry's size is unknown: Parquet and ORC loads need the real size
   */
  public static byte[] body(List<BatchEntry> entries) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("entries");
    for (BatchEntry entry : entries) {
      if (entry.size() < 0) {
        throw new IllegalArgumentException("the size of " + entry.file() + " is unknown; look it up first");
      }
      ObjectNode element = array.addObject();
      element.put("url", url(entry.file()));
      element.put("mandatory", true);
      element.putObject("meta").put("content_length", entry.size());
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /**
   * The entry URLs of a manifest body, in order.
   *
   * @throws IllegalArgumentException when the body is not a manifest
   */
  public static List<String> urls(byte[] body) {
    JsonNode entries;
    try {
      entries = JSON.readTree(body).path("entries");
    } catch (IOException e) {
      throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage(), e);
    }
    if (!entries.isArray()) {
      throw new IllegalArgumentException("the manifest has no \"entries\" array");
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode entry : entries) {
      JsonNode url = entry.path("url");
      if (!url.isTextual()) {
        throw new IllegalArgumentException("a manifest entry has no \"url\" string: " + entry);
      }
      urls.add(url.asText());
    }
    return List.copyOf(urls);
  }
}
