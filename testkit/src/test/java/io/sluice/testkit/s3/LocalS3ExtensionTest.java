package io.sluice.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(LocalS3Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalS3ExtensionTest {

  private static final String BUCKET = "sluice-data";
  private static final int FIVE_MIB = 5 * 1024 * 1024;

  private LocalS3 s3;

  @BeforeEach
  void createBucket(LocalS3 s3) {
    this.s3 = s3;
    s3.createBucket(BUCKET);
  }

  @Test
  @Order(1)
  void multipartUploadReadsBackByteForByteWithMultipartEtag() {
    byte[] first = randomBytes(FIVE_MIB, 1);
    byte[] last = randomBytes(1024, 2);
    S3Client client = s3.client();
    String uploadId = client.createMultipartUpload(request -> request.bucket(BUCKET).key("big.jsonl")).uploadId();
    String firstEtag = client.uploadPart(
        part -> part.bucket(BUCKET).key("big.jsonl").uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String lastEtag = client.uploadPart(
        part -> part.bucket(BUCKET).key("big.jsonl").uploadId(uploadId).partNumber(2),
        RequestBody.fromBytes(last)).eTag();

    String etag = client.completeMultipartUpload(request -> request
        .bucket(BUCKET)
        .key("big.jsonl")
        .uploadId(uploadId)
        .multipartUpload(upload -> upload.parts(
            CompletedPart.builder().partNumber(1).eTag(firstEtag).build(),
            CompletedPart.builder().partNumber(2).eTag(lastEtag).build())))
        .eTag();

    assertThat(etag).endsWith("-2\"");
    byte[] stored = client.getObjectAsBytes(request -> request.bucket(BUCKET).key("big.jsonl")).asByteArray();
    assertThat(stored).hasSize(first.length + last.length);
    assertThat(stored).isEqualTo(concat(first, last));
  }

  @Test
  @Order(2)
  void conditionalPutOnAnExistingKeyIsRefusedWith412() {
    S3Client client = s3.client();
    client.putObject(request -> request.bucket(BUCKET).key("once.jsonl"), RequestBody.fromString("{}\n"));

    assertThatThrownBy(() -> client.putObject(
            request -> request.bucket(BUCKET).key("once.jsonl").ifNoneMatch("*"),
            RequestBody.fromString("{\"second\":true}\n")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(client.getObjectAsBytes(request -> request.bucket(BUCKET).key("once.jsonl")).asUtf8String())
        .isEqualTo("{}\n");
  }

  @Test
  @Order(3)
  void requestSignedWithTheWrongSecretIsRefusedWith403() {
    try (S3Client impostor = s3.clientBuilder()
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(s3.accessKeyId(), "not-the-secret")))
        .build()) {

      assertThatThrownBy(() -> impostor.listObjectsV2(request -> request.bucket(BUCKET)))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  @Order(4)
  void bucketsAndObjectsOfEarlierTestsAreGone() {
    // Earlier tests created this bucket and wrote objects to it; @BeforeEach could only create it again because
    // the extension deleted it in between.
    List<String> buckets = s3.client().listBuckets().buckets().stream().map(b -> b.name()).toList();

    assertThat(buckets).containsExactly(BUCKET);
    assertThat(s3.client().listObjectsV2(request -> request.bucket(BUCKET)).contents()).isEmpty();
    assertThat(s3.client().listMultipartUploads(request -> request.bucket(BUCKET)).uploads()).isEmpty();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
