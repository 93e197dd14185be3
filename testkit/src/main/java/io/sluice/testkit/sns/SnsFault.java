package io.sluice.testkit.sns;

import io.sluice.testkit.aws.AwsFault;

/** An error SNS answers with; its code goes in the error's {@code Code} the SDK maps to an exception class. */
final class SnsFault extends AwsFault {

  private static final long serialVersionUID = 1L;

  SnsFault(int status, String code, String message) {
    super(status, code, message);
  }

  static SnsFault invalidParameter(String message) {
    return new SnsFault(400, "InvalidParameter", "Invalid parameter: " + message);
  }
}
