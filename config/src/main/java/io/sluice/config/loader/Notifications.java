package io.sluice.config.loader;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * SNS topics told about loads, with the Lambda loader's message payload.
 *
 * @param successTopicArn told about every loaded batch
 * @param failureTopicArn told about every failed batch
 */
public record Notifications(String successTopicArn, String failureTopicArn) implements Validatable {

  private static final String TOPIC_ARN = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?";

  @Override
  public void validate(String path, Problems problems) {
    checkArn(successTopicArn, ConfigPaths.child(path, "success_topic_arn"), problems);
    checkArn(failureTopicArn, ConfigPaths.child(path, "failure_topic_arn"), problems);
  }

  private static void checkArn(String arn, String path, Problems problems) {
    if (arn != null) {
      problems.check(arn.matches(TOPIC_ARN), path, "expected an SNS topic ARN, got \"" + arn + "\"");
    }
  }
}
