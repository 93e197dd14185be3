package io.sluice.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(LocalS3Extension.class)
class FaultInjectingHttpProxyS3Test {

  private static final String BUCKET = "faulted";

  private FaultInjectingHttpProxy proxy;
  private S3Client client;

  @BeforeEach
  void startProxy(LocalS3 s3) throws Exception {
    s3.createBucket(BUCKET);
    proxy = FaultInjectingHttpProxy.start(s3.endpoint());
    // The production HTTP client, with SDK retries off so each injected fault reaches the test.
    client = s3.clientBuilder()
        .endpointOverride(proxy.endpoint())
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
            .apiCallAttemptTimeout(Duration.ofSeconds(2)))
        .build();
  }

  @AfterEach
  void stopProxy() throws Exception {
    client.close();
    proxy.close();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private void put(String key, byte[] body) {
    client.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
  }

  @Test
  void relaysAnObjectOfManyMebibytesBothWays() throws Exception {
    byte[] body = randomBytes(24 * 1024 * 1024);

    put("big", body);
    ResponseBytes<GetObjectResponse> read = client.getObjectAsBytes(r -> r.bucket(BUCKET).key("big"));

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(sha.digest(read.asByteArray())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(proxy.requests()).isEqualTo(2);
    assertThat(proxy.faultsInjected()).isZero();
  }

  @Test
  void answersSlowDownOnceThenRelays(LocalS3 s3) {
    proxy.inject(Fault.on("PUT", "/" + BUCKET + "/.*").s3Error(503, "SlowDown").times(1));

    assertThatThrownBy(() -> put("k", new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(503);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
        });
    put("k", new byte[] {1, 2, 3});

    assertThat(s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key("k")).asByteArray())
        .containsExactly(1, 2, 3);
    assertThat(proxy.faultsInjected()).isEqualTo(1);
  }

  @Test
  void keepsTheConnectionUsableAfterAnAnsweredError() {
    proxy.inject(Fault.on("GET", "/" + BUCKET + "/.*").s3Error(500, "InternalError").times(3));
    put("k", new byte[] {7});

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    assertThat(client.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")).asByteArray()).containsExactly(7);
  }

  @Test
  void answersAccessDeniedForEveryMatchUntilCleared() {
    proxy.inject(Fault.on("*", "/" + BUCKET + "(/.*)?").s3Error(403, "AccessDenied"));

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> put("k", new byte[] {1}))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
    }
    proxy.clearFaults();
    put("k", new byte[] {1});

    assertThat(proxy.faultsInjected()).isEqualTo(2);
  }

  @Test
  void resetMidUploadKeepsTheObjectFromTheServer(LocalS3 s3) {
    proxy.inject(Fault.on("PUT", "/" + BUCKET + "/.*").resetMidUpload().times(1));

    assertThatThrownBy(() -> put("cut", randomBytes(1024 * 1024))).isInstanceOf(SdkClientException.class);

    assertThatThrownBy(() -> s3.client().headObject(r -> r.bucket(BUCKET).key("cut")))
        .isInstanceOf(S3Exception.class);
  }

  @Test
  void resetMidBodyCutsTheResponseAfterTheServerActed(LocalS3 s3) {
    proxy.inject(Fault.on("PUT", "/" + BUCKET + "/.*").resetMidBody().times(1));

    assertThatThrownBy(() -> put("acted", new byte[] {5})).isInstanceOf(SdkClientException.class);

    assertThat(s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key("acted")).asByteArray()).containsExactly(5);
  }

  @Test
  void resetMidBodyCutsADownloadHalfway() {
    put("half", randomBytes(4 * 1024 * 1024));
    proxy.inject(Fault.on("GET", "/" + BUCKET + "/half").resetMidBody().times(1));

    assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key("half")))
        .isInstanceOf(SdkClientException.class);
  }

  @Test
  void delayedResponseOutlastsTheClientsAttemptTimeout() {
    proxy.inject(Fault.on("GET", "/" + BUCKET + "/.*").delay(Duration.ofSeconds(10)).times(1));

    assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key("missing")))
        .isInstanceOf(ApiCallAttemptTimeoutException.class);
    assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key("missing")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void faultsOnlyRequestsWithAMatchingQuery() {
    proxy.inject(Fault.on("GET", "/" + BUCKET).withQuery("list-type=2").s3Error(503, "SlowDown"));
    put("k", new byte[] {1});

    assertThatThrownBy(() -> client.listObjectsV2(r -> r.bucket(BUCKET))).isInstanceOf(S3Exception.class);
    assertThat(client.getObjectAsBytes(r -> r.bucket(BUCKET).key("k")).asByteArray()).containsExactly(1);
  }
}
