package io.sluice.testkit.aws;

/** An error a stand-in answers with: HTTP status, the error code the SDK maps to an exception class, and a message. */
public class AwsFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** A fault answered with HTTP {@code status} and error {@code code}. */
  public AwsFault(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status. */
  public final int status() {
    return status;
  }

  /** The error code: KMS's {@code __type}, SNS's {@code Code}. */
  public final String code() {
    return code;
  }
}
