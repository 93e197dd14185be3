package io.sluice.testkit.redshift;

/**
 * A COPY that Redshift would refuse or fail; the emulation turns it into an SQL error in the caller's session, so
 * the statement fails and the transaction aborts as on Redshift.
 */
final class CopyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String detail;

  CopyException(String message) {
    this(message, null, null);
  }

  CopyException(String message, String detail, Throwable cause) {
    super(message, cause);
    this.detail = detail;
  }

  /** Extra context for the error's DETAIL field, or null. */
  String detail() {
    return detail;
  }
}
