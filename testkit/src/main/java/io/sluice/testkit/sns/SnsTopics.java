package io.sluice.testkit.sns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The stand-in's topics and every message published to them, in memory; safe to use from the server's threads. */
final class SnsTopics {

  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");

  private final String arnPrefix;
  private final Set<String> topicArns = new LinkedHashSet<>();
  private final List<PublishedMessage> messages = new ArrayList<>();

  SnsTopics(String region, String accountId) {
    this.arnPrefix = "arn:aws:sns:" + region + ":" + accountId + ":";
  }

  /** Creates a topic, or returns the existing one of that name, as SNS does. */
  synchronized String create(String name) {
    if (name == null || !TOPIC_NAME.matcher(name).matches()) {
      throw SnsFault.invalidParameter("Topic Name");
    }
    String arn = arnPrefix + name;
    topicArns.add(arn);
    return arn;
  }

  synchronized PublishedMessage publish(String topicArn, String subject, String message) {
    if (!topicArns.contains(topicArn)) {
      throw new SnsFault(404, "NotFound", "Topic does not exist");
    }
    PublishedMessage published = new PublishedMessage(topicArn, subject, message, UUID.randomUUID().toString());
    messages.add(published);
    return published;
  }

  synchronized List<PublishedMessage> published(String topicArn) {
    return messages.stream().filter(m -> m.topicArn().equals(topicArn)).toList();
  }

  synchronized List<PublishedMessage> published() {
    return List.copyOf(messages);
  }

  synchronized void clear() {
    topicArns.clear();
    messages.clear();
  }
}
