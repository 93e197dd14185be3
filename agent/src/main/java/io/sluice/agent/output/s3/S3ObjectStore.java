package io.sluice.agent.output.s3;

import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket (or an S3-compatible store): one PUT for files up to the multipart threshold, fixed-size parts above
 * it. Every body carries Content-MD5. No retries here: the caller retries a whole file.
 */
public final class S3ObjectStore implements ObjectStore {

  /** JSON lines; the type S3 consoles and downloads show. */
  static final String CONTENT_TYPE = "application/x-ndjson";
  /**
   * A gzip output's files: a gzip file, not JSON lines sent with {@code Content-Encoding: gzip}, which browsers and
   * HTTP clients would inflate on download, handing COPY-style readers plain text under a {@code .gz} name.
   */
  static final String GZIP_CONTENT_TYPE = "application/gzip";

  private final S3Client client;
  private final String bucket;
  private final MultipartPolicy policy;
  private final MultipartUpload multipart;

  /** A store that owns {@code client} and closes it. */
  public S3ObjectStore(S3Client client, String bucket, MultipartPolicy policy) {
    this.client = client;
    this.bucket = bucket;
    this.policy = policy;
    this.multipart = new MultipartUpload(client, bucket, policy);
  }

  /** The store an {@code s3} output config describes, with the default multipart policy. */
  public static S3ObjectStore create(OutputConfig config) {
    return create(config, null);
  }

  /** As {@link #create(OutputConfig)}, in {@code trackerRegion} when the output names no region of its own. */
  public static S3ObjectStore create(OutputConfig config, String trackerRegion) {
    return new S3ObjectStore(S3Clients.create(config, trackerRegion), config.bucket(), MultipartPolicy.DEFAULT);
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    long size = Files.size(file);
    String contentType = contentType(key);
    String etag = policy.useParts(size)
        ? multipart.upload(key, file, size, contentType)
        : putWhole(key, file, size, contentType);
    return new StoredObject(bucket, key, size, etag);
  }

  /** The key says how the file is stored (config check keeps every gzip output's keys ending .gz). */
  static String contentType(String key) {
    return Compression.ofKey(key) == Compression.GZIP ? GZIP_CONTENT_TYPE : CONTENT_TYPE;
  }

  private String putWhole(String key, Path file, long size, String contentType) throws IOException {
    String md5 = Md5.ofFile(file);
    return client.putObject(request -> request.bucket(bucket).key(key).contentType(contentType)
        .contentLength(size).contentMD5(md5), RequestBody.fromFile(file)).eTag();
  }

  @Override
  public List<String> list(String prefix) {
    return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  @Override
  public void get(String key, Path target) throws IOException {
    Files.deleteIfExists(target);
    try {
      client.getObject(request -> request.bucket(bucket).key(key), target);
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key, null, "no such object in s3://" + bucket);
    }
  }

  @Override
  public void delete(String key) {
    client.deleteObject(request -> request.bucket(bucket).key(key));
  }

  @Override
  public String describe() {
    return "s3://" + bucket;
  }

  @Override
  public void close() {
    client.close();
  }
}
