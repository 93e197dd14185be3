package io.sluice.testkit.sns;

import io.sluice.testkit.aws.LocalAwsService;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * Handle on the test JVM's local SNS stand-in, injected by {@link LocalSnsExtension}: topics in memory, and a record
 * of every message published to them. Publishing to a topic that was not created fails with {@code NotFound}, and
 * subjects and message sizes are checked as SNS checks them. Requests must be SigV4-signed (any credentials);
 * signatures are not verified.
 */
public final class LocalSns extends LocalAwsService<SnsClientBuilder, SnsClient> {

  private final SnsTopics topics;

  LocalSns(URI endpoint, SnsTopics topics) {
    super(endpoint, SnsClient::builder, "AKIDSLUICELOCALSNS", "sluice-testkit-local-sns-secret");
    this.topics = topics;
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
    closeClient();
  }
}
