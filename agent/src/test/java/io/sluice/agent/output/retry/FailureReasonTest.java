package io.sluice.agent.output.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureReasonTest {

  private static S3Exception status(int code) {
    return (S3Exception) S3Exception.builder().statusCode(code).message("status " + code).build();
  }

  @Test
  void serverErrorsAreRetriedAsPassing() {
    FailureReason reason = FailureReason.of(status(503));

    assertThat(reason.label()).isEqualTo("server_error");
    assertThat(reason.expectedToHeal()).isTrue();
  }

  @Test
  void tooManyRequestsIsThrottling() {
    assertThat(FailureReason.of(status(429)).label()).isEqualTo("throttled");
  }

  @Test
  void aRefusedConnectionIsAConnectionError() {
    SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused"));

    FailureReason reason = FailureReason.of(refused);

    assertThat(reason.label()).isEqualTo("connection");
    assertThat(reason.detail()).contains("Connection refused");
  }

  @Test
  void accessDeniedIsRejectedAndWillNotPassByItself() {
    FailureReason reason = FailureReason.of(status(403));

    assertThat(reason.label()).isEqualTo("rejected");
    assertThat(reason.expectedToHeal()).isFalse();
  }

  @Test
  void aLocalDiskFailureIsAnIoError() {
    assertThat(FailureReason.of(new IOException("No space left on device")).label()).isEqualTo("io");
  }
}
