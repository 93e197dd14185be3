package io.sluice.agent.output.s3;

import io.sluice.config.output.OutputConfig;
import io.sluice.loader.aws.AwsClientSettings;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of an {@code s3} output from its config. */
public final class S3Clients {

  private S3Clients() {}

  /**
   * A client for {@code config}: its region (the SDK's region chain when absent, us-east-1 with an endpoint
   * override), endpoint, path-style flag and static credentials (the SDK's default chain when absent).
   *
   * <p>Checksums are computed and validated only when an operation requires them: S3-compatible stores often reject
   * the SDK's default trailing CRC32 with aws-chunked bodies, and the uploader sends Content-MD5 on every body
   * instead. The SDK does not retry: the uploader does, logging each retry with its reason.
   *
   * <p>Each request is bounded by {@code request_timeout}, from the first byte sent to the last byte read: the
   * HTTP client's socket timeout alone would let a store that trickles its answer hold the output for good. With
   * SDK retries off, one call is one attempt, so both bounds are the same.
   */
  public static S3Client create(OutputConfig config) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .forcePathStyle(config.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(config.requestTimeout())
            .apiCallTimeout(config.requestTimeout()));
    return AwsClientSettings.apply(builder, config.region(), config.endpoint(), config.credentials()).build();
  }
}
