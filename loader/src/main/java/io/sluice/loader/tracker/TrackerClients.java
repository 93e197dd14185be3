package io.sluice.loader.tracker;

import io.sluice.config.tracker.TrackerConfig;
import io.sluice.loader.aws.AwsClientSettings;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the tracker's DynamoDB client from its config. */
public final class TrackerClients {

  private TrackerClients() {
  }

  /**
   * A client for {@code config}: its region (the SDK's region chain when absent, us-east-1 with an endpoint
   * override), endpoint and static credentials (the SDK's default chain when absent). The SDK's default retries
   * stay on: they back off on throttling as the Lambda does for ProvisionedThroughputExceeded.
   */
  public static DynamoDbClient create(TrackerConfig config) {
    return AwsClientSettings.apply(DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()),
        config.region(), config.endpoint(), config.credentials()).build();
  }
}
