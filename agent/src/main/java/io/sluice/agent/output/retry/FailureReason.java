package io.sluice.agent.output.retry;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Why an attempt failed, as a metric label and a log text. Every reason is retried (dropping a file would lose
 * data), but {@link #expectedToHeal()} tells whether waiting can fix it or an operator has to.
 *
 * @param label a short label: {@code throttled}, {@code server_error}, {@code connection}, {@code io},
 *     {@code rejected} or {@code error}
 * @param detail what the failure said
 */
public record FailureReason(String label, String detail) {

  private static final int TOO_MANY_REQUESTS = 429;
  private static final int FIRST_SERVER_ERROR = 500;

  /** Classifies a failure of a store or a hook. */
  public static FailureReason of(Exception failure) {
    if (failure instanceof SdkServiceException service) {
      String detail = "http " + service.statusCode() + ": " + service.getMessage();
      if (service.isThrottlingException() || service.statusCode() == TOO_MANY_REQUESTS) {
        return new FailureReason("throttled", detail);
      }
      if (service.statusCode() >= FIRST_SERVER_ERROR) {
        return new FailureReason("server_error", detail);
      }
      return new FailureReason("rejected", detail);
    }
    if (failure instanceof SdkClientException) {
      return new FailureReason("connection", rootMessage(failure));
    }
    if (failure instanceof IOException) {
      return new FailureReason("io", rootMessage(failure));
    }
    return new FailureReason("error", rootMessage(failure));
  }

  /** Whether the failure usually passes by itself (throttling, 5xx, network); a 403 or a bad key does not. */
  public boolean expectedToHeal() {
    return !label.equals("rejected") && !label.equals("error");
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure ? String.valueOf(failure.getMessage())
        : failure.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
