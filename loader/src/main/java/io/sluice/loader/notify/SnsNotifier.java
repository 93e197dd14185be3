package io.sluice.loader.notify;

import io.sluice.config.loader.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes notifications; a failed publish is logged and never fails the batch.
 *
 * <p>A failed batch goes to the failure topic and a loaded one to the success topic. The Lambda also sends every
 * failure to the success topic, after the failure topic (contract 3.9, 8.5); Sluice does not repeat that quirk, so
 * a success subscriber sees successes only.
 */
public final class SnsNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(SnsNotifier.class);

  private final SnsClient sns;

  /** Publishes with {@code sns}, which the caller owns and closes. */
  public SnsNotifier(SnsClient sns) {
    this.sns = sns;
  }

  /** The failure topic when the batch failed, the success topic when it loaded; either may be absent. */
  public void notify(Notifications topics, BatchNotification notification) {
    if (topics == null) {
      return;
    }
    String topic = notification.ok() ? topics.successTopicArn() : topics.failureTopicArn();
    if (topic != null) {
      publish(topic, notification);
    }
  }

  private void publish(String topic, BatchNotification notification) {
    try {
      String messageId = sns.publish(r -> r.topicArn(topic).subject(notification.subject())
          .message(notification.message())).messageId();
      LOG.debug("Notified {} of batch {} (message {})", topic, notification.batchId(), messageId);
    } catch (SdkException e) {
      LOG.warn("Could not notify {} of batch {} ({}): {}", topic, notification.batchId(),
          notification.ok() ? "ok" : "error", e.getMessage());
    }
  }
}
