package io.sluice.testkit.sns;

/** An error SNS answers with: HTTP status, the error code the SDK maps to an exception class, and a message. */
final class SnsFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  SnsFault(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static SnsFault invalidParameter(String message) {
    return new SnsFault(400, "InvalidParameter", "Invalid parameter: " + message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
