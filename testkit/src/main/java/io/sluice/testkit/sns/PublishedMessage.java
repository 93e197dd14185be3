package io.sluice.testkit.sns;

/**
 * One message the SNS stand-in accepted.
 *
 * @param topicArn the topic it was published to
 * @param subject its subject, or null when none was given
 * @param message its body, exactly as sent
 * @param messageId the id the stand-in answered with
 */
public record PublishedMessage(String topicArn, String subject, String message, String messageId) {}
