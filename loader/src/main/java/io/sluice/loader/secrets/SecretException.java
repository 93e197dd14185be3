package io.sluice.loader.secrets;

/** A secret could not be encrypted or decrypted; the message names the cause, never the secret. */
public final class SecretException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SecretException(String message) {
    super(message);
  }

  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
