package io.sluice.loader.aws;

import io.sluice.config.AwsCredentialsConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Applies a config section's region, endpoint override and credentials to any AWS SDK client builder, the same way
 * for S3 outputs and the DynamoDB tracker.
 */
public final class AwsClientSettings {

  /** Local stand-ins and S3-compatible stores ignore the region, but SigV4 needs one. */
  private static final Region ENDPOINT_OVERRIDE_REGION = Region.US_EAST_1;

  private AwsClientSettings() {}

  /**
   * Sets the region ({@code region}, else us-east-1 with an endpoint override, else the SDK's region chain), the
   * endpoint override and the credentials (static when given, else the SDK's default chain).
   */
  public static <B extends AwsClientBuilder<B, ?>> B apply(B builder, String region, URI endpoint,
      AwsCredentialsConfig credentials) {
    builder.credentialsProvider(credentials(credentials));
    if (region != null) {
      builder.region(Region.of(region));
    } else if (endpoint != null) {
      builder.region(ENDPOINT_OVERRIDE_REGION);
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  /** Static credentials from {@code config}, or the SDK's default provider chain when it is absent. */
  public static AwsCredentialsProvider credentials(AwsCredentialsConfig config) {
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
