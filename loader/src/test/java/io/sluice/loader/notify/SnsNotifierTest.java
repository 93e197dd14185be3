package io.sluice.loader.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.loader.Notifications;
import io.sluice.testkit.sns.LocalSns;
import io.sluice.testkit.sns.LocalSnsExtension;
import io.sluice.testkit.sns.PublishedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSnsExtension.class)
class SnsNotifierTest {

  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final BatchNotification LOADED =
      new BatchNotification(true, null, BATCH, "bkt/logs", "logs/a.json", "mf/m", null);
  private static final BatchNotification FAILED = new BatchNotification(false,
      "{\"a.example.com\":{\"status\":-1,\"error\":null}}", BATCH, "bkt/logs", "logs/a.json", "mf/m", "mf/failed/m");

  private LocalSns sns;
  private SnsNotifier notifier;
  private String success;
  private String failure;

  @BeforeEach
  void setUp(LocalSns sns) {
    this.sns = sns;
    this.notifier = new SnsNotifier(sns.client());
    this.success = sns.createTopic("loads-ok");
    this.failure = sns.createTopic("loads-failed");
  }

  @Test
  void loadedBatchGoesToTheSuccessTopicOnly() {
    notifier.notify(new Notifications(success, failure), LOADED);

    assertThat(sns.published()).extracting(PublishedMessage::topicArn).containsExactly(success);
    assertThat(sns.published(success)).singleElement().satisfies(published -> {
      assertThat(published.subject()).isEqualTo("Lambda Redshift Batch Load " + BATCH + " OK");
      assertThat(published.message()).isEqualTo(LOADED.message());
    });
  }

  @Test
  void failedBatchGoesToTheFailureTopicOnlyWithTheDoubleEncodedError() {
    notifier.notify(new Notifications(success, failure), FAILED);

    assertThat(sns.published()).extracting(PublishedMessage::topicArn).containsExactly(failure);
    PublishedMessage published = sns.published(failure).get(0);
    assertThat(published.subject()).isEqualTo("Lambda Redshift Batch Load " + BATCH + " Failure");
    assertThat(published.message()).isEqualTo("{\"error\":\"{\\\"a.example.com\\\":{\\\"status\\\":-1,"
        + "\\\"error\\\":null}}\",\"status\":\"error\",\"batchId\":\"" + BATCH + "\",\"s3Prefix\":\"bkt/logs\","
        + "\"key\":\"logs/a.json\",\"originalManifest\":\"mf/m\",\"failedManifest\":\"mf/failed/m\"}");
  }

  @Test
  void missingTopicsSendNothing() {
    notifier.notify(new Notifications(null, failure), LOADED);
    notifier.notify(new Notifications(success, null), FAILED);
    notifier.notify(null, FAILED);

    assertThat(sns.published()).isEmpty();
  }

  @Test
  void failedPublishIsSwallowed() {
    String deleted = "arn:aws:sns:us-east-1:123456789012:deleted-topic";

    notifier.notify(new Notifications(deleted, deleted), FAILED);
    notifier.notify(new Notifications(deleted, deleted), LOADED);

    assertThat(sns.published()).isEmpty();
  }
}
