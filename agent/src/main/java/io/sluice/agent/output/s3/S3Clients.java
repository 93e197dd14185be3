package io.sluice.agent.output.s3;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.output.OutputConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of an {@code s3} output from its config. */
public final class S3Clients {

  /** S3-compatible stores ignore the region but SigV4 needs one; AWS's own default is as good as any. */
  private static final Region COMPATIBLE_STORE_REGION = Region.US_EAST_1;

  private S3Clients() {}

  /**
   * A client for {@code config}: its region (the SDK's region chain when absent, us-east-1 with an endpoint
   * override), endpoint, path-style flag and static credentials (the SDK's default chain when absent).
   *
   * <p>Checksums are computed and validated only when an operation requires them: S3-compatible stores often reject
   * the SDK's default trailing CRC32 with aws-chunked bodies, and the uploader sends Content-MD5 on every body
   * instead. The SDK does not retry: the uploader does, logging each retry with its reason.
   */
  public static S3Client create(OutputConfig config) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .forcePathStyle(config.pathStyle())
        .credentialsProvider(credentials(config.credentials()))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    } else if (config.endpoint() != null) {
      builder.region(COMPATIBLE_STORE_REGION);
    }
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(AwsCredentialsConfig config) {
    if (config == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    AwsCredentials credentials = config.sessionToken() == null
        ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().reveal())
        : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey().reveal(),
            config.sessionToken().reveal());
    return StaticCredentialsProvider.create(credentials);
  }
}
