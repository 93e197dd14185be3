package io.sluice.testkit.redshift;

import io.sluice.testkit.s3.LocalS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/** Writes the files a COPY loads into one bucket of the local S3 server, which it creates. */
final class S3TestFiles {

  private final LocalS3 s3;
  private final String bucket;

  S3TestFiles(LocalS3 s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
    s3.createBucket(bucket);
  }

  /** Writes a UTF-8 text file and returns its {@code s3://} URL. */
  String put(String key, String content) {
    return putBytes(key, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a gzip-compressed UTF-8 text file and returns its {@code s3://} URL. */
  String putGzipped(String key, String content) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return putBytes(key, compressed.toByteArray());
  }

  /** Writes a manifest listing the URLs as mandatory entries and returns its {@code s3://} URL. */
  String putManifest(String key, String... mandatoryUrls) {
    StringBuilder entries = new StringBuilder();
    for (String url : mandatoryUrls) {
      entries.append(entries.length() == 0 ? "" : ",").append(entry(url, true));
    }
    return put(key, "{\"entries\":[" + entries + "]}");
  }

  /** One manifest entry, as the Lambda loader writes it. */
  static String entry(String url, boolean mandatory) {
    return "{\"url\":\"" + url + "\",\"mandatory\":" + mandatory + ",\"meta\":{\"content_length\":1}}";
  }

  String url(String key) {
    return "s3://" + bucket + "/" + key;
  }

  private String putBytes(String key, byte[] bytes) {
    s3.client().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    return url(key);
  }
}
