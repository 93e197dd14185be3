package io.sluice.loader.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads the file URLs a COPY manifest lists ({@code {"entries":[{"url":"s3://..."}]}}, contract 3.1). */
final class ManifestUrls {

  private static final int NOT_FOUND = 404;

  private final S3Client s3;
  private final ObjectMapper json = new ObjectMapper();

  ManifestUrls(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * The manifest's {@code entries[].url} values; empty when the manifest no longer exists.
   *
   * @param manifestFile a batch's {@code manifestFile}: {@code bucket/key}, no {@code s3://}, the key may hold spaces
   * @throws IllegalStateException when the object is not a manifest
   */
  Optional<Set<String>> read(String manifestFile) {
    int slash = manifestFile.indexOf('/');
    if (slash <= 0) {
      throw new IllegalStateException("manifestFile \"" + manifestFile + "\" is not bucket/key");
    }
    byte[] body;
    try {
      body = s3.getObjectAsBytes(r -> r.bucket(manifestFile.substring(0, slash))
          .key(manifestFile.substring(slash + 1))).asByteArray();
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    JsonNode entries;
    try {
      entries = json.readTree(body).path("entries");
    } catch (IOException e) {
      throw new IllegalStateException("s3://" + manifestFile + " is not a JSON manifest: " + e.getMessage(), e);
    }
    if (!entries.isArray()) {
      throw new IllegalStateException("s3://" + manifestFile + " has no \"entries\" array");
    }
    Set<String> urls = new HashSet<>();
    entries.forEach(entry -> urls.add(entry.path("url").asText()));
    return Optional.of(urls);
  }

  /** The URL the Lambda writes for a batch file: {@code s3://} and the file with every {@code +} as a space. */
  static String url(String file) {
    return "s3://" + file.replace('+', ' ');
  }

  /**
   * True when {@code urls} lists {@code file}, written the Lambda's way or verbatim (a writer that kept the
   * {@code +}), so that only files no writer listed count as missing.
   */
  static boolean lists(Set<String> urls, String file) {
    return urls.contains(url(file)) || urls.contains("s3://" + file);
  }
}
