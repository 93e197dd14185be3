package io.sluice.testkit.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** The SNS stand-in, driven through the SDK's real SnsClient. */
@ExtendWith(LocalSnsExtension.class)
class LocalSnsExtensionTest {

  private LocalSns sns;
  private SnsClient client;

  @BeforeEach
  void setUp(LocalSns sns) {
    this.sns = sns;
    this.client = sns.client();
  }

  @Test
  void createTopicAnswersTheTopicArn() {
    String arn = client.createTopic(r -> r.name("loads-failed")).topicArn();

    assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:123456789012:loads-failed");
    assertThat(sns.createTopic("loads-failed")).isEqualTo(arn);
  }

  @Test
  void publishedMessageIsRecordedExactlyWithItsSubject() {
    String topic = sns.createTopic("loads");
    String message = "{\"error\":\"{\\\"a\\\":1}\",\"status\":\"error\"}\n& <ünïcode> \u2603 + = %20";

    String messageId = client.publish(r -> r.topicArn(topic).subject("Lambda Redshift Batch Load x Failure")
        .message(message)).messageId();

    assertThat(sns.published(topic)).containsExactly(
        new PublishedMessage(topic, "Lambda Redshift Batch Load x Failure", message, messageId));
  }

  @Test
  void messagesAreKeptPerTopicInOrder() {
    String first = sns.createTopic("first");
    String second = sns.createTopic("second");

    client.publish(r -> r.topicArn(first).message("1"));
    client.publish(r -> r.topicArn(second).message("2"));
    client.publish(r -> r.topicArn(first).message("3"));

    assertThat(sns.published(first)).extracting(PublishedMessage::message).containsExactly("1", "3");
    assertThat(sns.published(first)).extracting(PublishedMessage::subject).containsOnlyNulls();
    assertThat(sns.published()).extracting(PublishedMessage::message).containsExactly("1", "2", "3");
  }

  @Test
  void publishingToAMissingTopicIsNotFound() {
    assertThatThrownBy(() -> client.publish(r -> r.topicArn("arn:aws:sns:us-east-1:123456789012:nobody")
        .message("lost")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Topic does not exist");
    assertThat(sns.published()).isEmpty();
  }

  @Test
  void subjectWithALineBreakOrOverNinetyNineCharactersIsRefused() {
    String topic = sns.createTopic("loads");

    assertThatThrownBy(() -> client.publish(r -> r.topicArn(topic).subject("two\nlines").message("m")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.publish(r -> r.topicArn(topic).subject("x".repeat(100)).message("m")))
        .isInstanceOf(InvalidParameterException.class);
    assertThat(sns.published(topic)).isEmpty();
  }

  @Test
  void emptyMessageIsRefused() {
    String topic = sns.createTopic("loads");

    assertThatThrownBy(() -> client.publish(r -> r.topicArn(topic).message("")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Empty message");
  }
}
