package io.sluice.agent.output.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.output.retry.Attempted;
import io.sluice.agent.output.retry.RetryListener;
import io.sluice.agent.output.retry.RetryLoop;
import io.sluice.agent.output.retry.StopSignal;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.OutputConfig;
import io.sluice.loader.retry.Backoff;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@ExtendWith(LocalS3Extension.class)
class S3ObjectStoreTest {

  private static final String BUCKET = "sluice-logs";
  private static final long MIB = 1L << 20;
  /** Parts of 5 MiB above 6 MiB: an 11 MiB file goes up as 5 + 5 + 1. */
  private static final MultipartPolicy SMALL_PARTS = new MultipartPolicy(6 * MIB, 5 * MIB);

  @TempDir
  Path dir;

  /**
   * Puts go through the retry loop the destination uses: the URL-connection client loses roughly one request in ten
   * to S3Proxy's Jetty ("Error writing request body to server"), which the destination logs and retries.
   */
  private final RetryLoop retries = new RetryLoop("test",
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)), new StopSignal(), RetryListener.NONE, true);
  private LocalS3 s3;

  @BeforeEach
  void createBucket(LocalS3 localS3) {
    this.s3 = localS3;
    s3.createBucket(BUCKET);
  }

  /** An output config as a user would write it for an S3-compatible store. */
  static OutputConfig config(LocalS3 s3, String bucket) {
    return new OutputConfig("archive", OutputType.S3, null, null, bucket, null, null, null, null, null, null,
        s3.endpoint(), true, new AwsCredentialsConfig(s3.accessKeyId(), Secret.of(s3.secretAccessKey()), null), null,
        null, null);
  }

  private S3ObjectStore store(MultipartPolicy policy) {
    return new S3ObjectStore(S3Clients.create(config(s3, BUCKET)), BUCKET, policy);
  }

  private Path file(long size) throws IOException {
    byte[] content = new byte[(int) size];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) ('a' + i % 26);
    }
    Path file = dir.resolve("spool-" + size + ".jsonl");
    Files.write(file, content);
    return file;
  }

  private StoredObject put(S3ObjectStore store, String key, Path file) {
    Attempted<StoredObject> stored = retries.run("upload", key, () -> store.put(key, file));
    assertThat(stored).isInstanceOf(Attempted.Done.class);
    return ((Attempted.Done<StoredObject>) stored).value();
  }

  private byte[] object(String key) {
    return s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asByteArray();
  }

  private static String md5Hex(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
  }

  @Test
  void aStoreBuiltFromConfigPutsASmallFileWholeWithItsMd5AsEtag() throws Exception {
    Path file = file(1000);

    try (S3ObjectStore store = S3ObjectStore.create(config(s3, BUCKET))) {
      StoredObject stored = put(store, "logs/app/file.json", file);

      assertThat(stored.etag()).isEqualTo("\"" + md5Hex(file) + "\"");
      assertThat(stored.container()).isEqualTo(BUCKET);
      assertThat(object("logs/app/file.json")).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void aGzipKeyIsStoredAsAGzipFileNotAsContentEncodedLines() throws Exception {
    Path file = file(1000);

    try (S3ObjectStore store = S3ObjectStore.create(config(s3, BUCKET))) {
      put(store, "logs/app/file.json.gz", file);
      put(store, "logs/app/file.json", file);

      HeadObjectResponse gzip = s3.client().headObject(request -> request.bucket(BUCKET).key("logs/app/file.json.gz"));
      assertThat(gzip.contentType()).isEqualTo("application/gzip");
      assertThat(gzip.contentEncoding()).isNull();
      assertThat(s3.client().headObject(request -> request.bucket(BUCKET).key("logs/app/file.json")).contentType())
          .isEqualTo("application/x-ndjson");
    }
  }

  @Test
  void aFileAboveTheThresholdIsUploadedInParts() throws IOException {
    Path file = file(11 * MIB);

    try (S3ObjectStore store = store(SMALL_PARTS)) {
      StoredObject stored = put(store, "logs/app/big.json", file);

      assertThat(stored.etag()).endsWith("-3\"");
      assertThat(stored.sizeBytes()).isEqualTo(11 * MIB);
      assertThat(object("logs/app/big.json")).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void theSameLargeFileAlwaysGetsTheSameEtag() throws IOException {
    Path file = file(11 * MIB);

    try (S3ObjectStore store = store(SMALL_PARTS)) {
      String first = put(store, "logs/app/big.json", file).etag();
      String second = put(store, "logs/app/big.json", file).etag();

      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void aFileAtTheThresholdIsStillOnePut() throws IOException {
    Path file = file(6 * MIB);

    try (S3ObjectStore store = store(SMALL_PARTS)) {
      assertThat(put(store, "logs/app/edge.json", file).etag()).doesNotContain("-");
    }
  }

  @Test
  void objectsAreListedByPrefixReadBackAndDeleted() throws IOException {
    Path file = file(100);
    Path copy = dir.resolve("copy");

    try (S3ObjectStore store = store(MultipartPolicy.DEFAULT)) {
      put(store, "logs/_quarantine/a.json", file);
      put(store, "logs/_quarantine/b.json", file);
      put(store, "logs/other/c.json", file);

      assertThat(store.list("logs/_quarantine/")).containsExactly("logs/_quarantine/a.json", "logs/_quarantine/b.json");
      store.get("logs/_quarantine/a.json", copy);
      assertThat(copy).hasSameBinaryContentAs(file);
      store.delete("logs/_quarantine/a.json");
      assertThat(store.list("logs/_quarantine/")).containsExactly("logs/_quarantine/b.json");
    }
  }

  @Test
  void readingAMissingObjectSaysSo() {
    try (S3ObjectStore store = store(MultipartPolicy.DEFAULT)) {
      assertThatThrownBy(() -> store.get("logs/none.json", dir.resolve("x")))
          .isInstanceOf(NoSuchFileException.class);
    }
  }
}
