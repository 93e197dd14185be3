package io.sluice.loader.tracker;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.tracker.TrackerConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the tracker's DynamoDB client from its config. */
public final class TrackerClients {

  /** DynamoDB Local and VPC endpoints ignore the region but SigV4 needs one. */
  private static final Region ENDPOINT_OVERRIDE_REGION = Region.US_EAST_1;

  private TrackerClients() {
  }

  /**
   * A client for {@code config}: its region (the SDK's region chain when absent, us-east-1 with an endpoint
   * override), endpoint and static credentials (the SDK's default chain when absent). The SDK's default retries
   * stay on: they back off on throttling as the Lambda does for ProvisionedThroughputExceeded.
   */
  public static DynamoDbClient create(TrackerConfig config) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(credentials(config.credentials()));
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    } else if (config.endpoint() != null) {
      builder.region(ENDPOINT_OVERRIDE_REGION);
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
