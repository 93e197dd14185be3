package io.sluice.agent.input.http;

/** A request the sender must fix before resending; its message is sent back as the reason for a 400. */
class BadRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }

  // The message is the whole story for the sender; a stack trace would only cost time on a hot path.
  @Override
  public final synchronized Throwable fillInStackTrace() {
    return this;
  }
}
