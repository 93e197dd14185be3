package io.sluice.agent.input.tls;

/** A forward listener's TLS files cannot be used; the message names the file and what is wrong with it. */
public final class TlsSetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TlsSetupException(String message) {
    super(message);
  }

  TlsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
