package io.sluice.testkit.redshift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out which files a COPY loads: the entries of its manifest, or every object under its key prefix.
 *
 * <p>A manifest is {@code {"entries":[{"url":"s3://bucket/key","mandatory":true},…]}}; {@code mandatory} defaults
 * to false, and other entry fields such as {@code meta.content_length} are ignored.
 */
final class CopySourceResolver {

  private final S3ObjectReader objects;
  private final ObjectMapper json;

  CopySourceResolver(S3ObjectReader objects, ObjectMapper json) {
    this.objects = objects;
    this.json = json;
  }

  List<SourceFile> resolve(CopyStatement copy) {
    return copy.options().manifest() ? manifestEntries(copy.source()) : prefixObjects(copy.source());
  }

  private List<SourceFile> manifestEntries(S3Location manifest) {
    JsonNode entries = readManifest(manifest).path("entries");
    if (!entries.isArray()) {
      throw new CopyException("Manifest file " + manifest + " has no \"entries\" array");
    }
    List<SourceFile> files = new ArrayList<>();
    for (JsonNode entry : entries) {
      JsonNode url = entry.path("url");
      if (!url.isTextual() || !S3Location.isS3Url(url.asText())) {
        throw new CopyException("Invalid manifest entry url " + url + " in " + manifest);
      }
      files.add(new SourceFile(S3Location.parse(url.asText()), entry.path("mandatory").asBoolean(false)));
    }
    return files;
  }

  private JsonNode readManifest(S3Location manifest) {
    try {
      return json.readTree(objects.read(manifest));
    } catch (JsonProcessingException e) {
      throw new CopyException("Manifest file " + manifest + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CopyException("Manifest file " + manifest + " could not be read: " + e.getMessage());
    }
  }

  private List<SourceFile> prefixObjects(S3Location prefix) {
    List<SourceFile> files = objects.list(prefix).stream().map(location -> new SourceFile(location, true)).toList();
    if (files.isEmpty()) {
      throw new CopyException("The specified S3 prefix '" + prefix.key() + "' does not exist",
          "S3 prefix being read : " + prefix, null);
    }
    return files;
  }
}
