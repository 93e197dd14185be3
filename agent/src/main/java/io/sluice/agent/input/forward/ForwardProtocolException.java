package io.sluice.agent.input.forward;

/** A forward connection sent something that is not the forward protocol; that connection is closed. */
final class ForwardProtocolException extends Exception {

  private static final long serialVersionUID = 1L;

  ForwardProtocolException(String message) {
    super(message);
  }

  ForwardProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
