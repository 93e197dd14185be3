package io.sluice.testkit.sns;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * Handle on the test JVM's local SNS stand-in, injected by {@link LocalSnsExtension}: topics in memory, and a record
 * of every message published to them. Publishing to a topic that was not created fails with {@code NotFound}, and
 * subjects and message sizes are checked as SNS checks them. Requests must be SigV4-signed (any credentials);
 * signatures are not verified.
 */
public final class LocalSns {

  static final Region REGION = Region.US_EAST_1;
  static final String ACCOUNT_ID = "123456789012";

  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDSLUICELOCALSNS", "sluice-testkit-local-sns-secret");

  private final URI endpoint;
  private final SnsTopics topics;
  private final SnsClient client;

  LocalSns(URI endpoint, SnsTopics topics) {
    this.endpoint = endpoint;
    this.topics = topics;
    this.client = clientBuilder().build();
  }

  /** The server's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region in the topic ARNs. */
  public Region region() {
    return REGION;
  }

  /** Credentials to sign requests with. */
  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(CREDENTIALS);
  }

  /** A client for this server, shared by all tests of the JVM: do not close it. */
  public SnsClient client() {
    return client;
  }

  /** A client builder set up for this server, for tests that need a client of their own; the caller closes it. */
  public SnsClientBuilder clientBuilder() {
    return SnsClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentialsProvider())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  /**
   * Creates a topic straight in the server's store; every topic and message is deleted again before the next test.
   *
   * @return its ARN, {@code arn:aws:sns:us-east-1:123456789012:<name>}
   */
  public String createTopic(String name) {
    return topics.create(name);
  }

  /** The messages published to a topic so far, oldest first. */
  public List<PublishedMessage> published(String topicArn) {
    return topics.published(topicArn);
  }

  /** Every message published so far, to any topic, oldest first. */
  public List<PublishedMessage> published() {
    return topics.published();
  }

  void close() {
    client.close();
  }
}
