package io.sluice.agent.output.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.output.local.LocalObjectStore;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureClassifierTest {

  @TempDir
  Path dir;

  private static S3Exception status(int code) {
    return status(code, null);
  }

  private static S3Exception status(int code, String errorCode) {
    return (S3Exception) S3Exception.builder().statusCode(code).message("status " + code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).build()).build();
  }

  /** What the local store throws when putting {@code key}, classified. */
  private FailureReason localPut(Path root, String key) throws IOException {
    Path content = Files.writeString(dir.resolve("content"), "{}\n");
    try {
      new LocalObjectStore(root).put(key, content);
    } catch (IOException e) {
      return FailureClassifier.classify(e);
    }
    throw new AssertionError("the put of " + key + " succeeded");
  }

  @Test
  void serverErrorsConcernTheDestinationAndPassByThemselves() {
    FailureReason reason = FailureClassifier.classify(status(503));

    assertThat(reason.label()).isEqualTo("server_error");
    assertThat(reason.scope()).isEqualTo(FailureReason.Scope.DESTINATION);
    assertThat(reason.expectedToHeal()).isTrue();
  }

  @Test
  void tooManyRequestsAndSlowDownAreThrottling() {
    assertThat(FailureClassifier.classify(status(429)).label()).isEqualTo("throttled");
    assertThat(FailureClassifier.classify(status(503, "SlowDown")).label()).isEqualTo("throttled");
  }

  @Test
  void aRefusedConnectionIsAConnectionErrorOfTheDestination() {
    SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused"));

    FailureReason reason = FailureClassifier.classify(refused);

    assertThat(reason.label()).isEqualTo("connection");
    assertThat(reason.detail()).contains("Connection refused");
    assertThat(reason.isPermanentForFile()).isFalse();
  }

  @Test
  void aClientTimeoutIsATimeoutOfTheDestination() {
    FailureReason reason = FailureClassifier.classify(ApiCallTimeoutException.create(1000));

    assertThat(reason.label()).isEqualTo("timeout");
    assertThat(reason.isPermanentForFile()).isFalse();
  }

  @Test
  void accessDeniedConcernsTheDestinationAndWillNotPassByItself() {
    FailureReason reason = FailureClassifier.classify(status(403, "AccessDenied"));

    assertThat(reason.label()).isEqualTo("access_denied");
    assertThat(reason.isPermanentForFile()).isFalse();
    assertThat(reason.expectedToHeal()).isFalse();
  }

  @Test
  void aMissingBucketConcernsTheDestination() {
    FailureReason reason = FailureClassifier.classify(status(404, "NoSuchBucket"));

    assertThat(reason.label()).isEqualTo("no_such_bucket");
    assertThat(reason.isPermanentForFile()).isFalse();
  }

  @Test
  void s3ErrorsThatNameTheObjectConcernOnlyTheFile() {
    assertThat(FailureClassifier.classify(status(400, "KeyTooLongError")))
        .extracting(FailureReason::label, FailureReason::scope)
        .containsExactly("key_too_long", FailureReason.Scope.FILE);
    assertThat(FailureClassifier.classify(status(400, "EntityTooLarge")).label()).isEqualTo("entity_too_large");
    assertThat(FailureClassifier.classify(status(400, "InvalidArgument")).label()).isEqualTo("invalid_argument");
    assertThat(FailureClassifier.classify(status(400, "InvalidObjectName")).label()).isEqualTo("invalid_key");
  }

  @Test
  void anUnknownBadRequestConcernsTheDestination() {
    assertThat(FailureClassifier.classify(status(400, "MalformedXML")).scope())
        .isEqualTo(FailureReason.Scope.DESTINATION);
  }

  @Test
  void aLocalDiskFailureConcernsTheDestination() {
    FailureReason reason = FailureClassifier.classify(new IOException("No space left on device"));

    assertThat(reason.label()).isEqualTo("io");
    assertThat(reason.isPermanentForFile()).isFalse();
  }

  @Test
  void aFileNameTooLongForTheLocalDiskConcernsOnlyTheFile() throws IOException {
    FailureReason reason = localPut(dir.resolve("out"), "logs/" + "n".repeat(300) + "/x.json");

    assertThat(reason).extracting(FailureReason::label, FailureReason::scope)
        .containsExactly("name_too_long", FailureReason.Scope.FILE);
  }

  @Test
  void aFileWhereTheKeyNeedsADirectoryConcernsOnlyTheFile() throws IOException {
    Path root = Files.createDirectories(dir.resolve("out"));
    Files.writeString(root.resolve("logs"), "in the way");

    FailureReason reason = localPut(root, "logs/app/x.json");

    assertThat(reason).extracting(FailureReason::label, FailureReason::scope)
        .containsExactly("path_obstacle", FailureReason.Scope.FILE);
  }

  @Test
  void anOutputDirectoryThatIsAFileConcernsTheDestination() throws IOException {
    Path root = Files.writeString(dir.resolve("out"), "not a directory");

    FailureReason reason = localPut(root, "logs/app/x.json");

    assertThat(reason).extracting(FailureReason::label, FailureReason::scope)
        .containsExactly("io", FailureReason.Scope.DESTINATION);
  }

  @Test
  void permissionDeniedConcernsTheDestination() {
    FailureReason reason = FailureClassifier.classify(new AccessDeniedException("/data/out/logs"));

    assertThat(reason.scope()).isEqualTo(FailureReason.Scope.DESTINATION);
  }
}
