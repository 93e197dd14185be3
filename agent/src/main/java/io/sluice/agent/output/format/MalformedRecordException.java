package io.sluice.agent.output.format;

/** A record whose bytes cannot be read as what their encoding promises; it is skipped, never half-written. */
public final class MalformedRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedRecordException(String message) {
    super(message);
  }

  MalformedRecordException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
