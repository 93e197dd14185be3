package io.sluice.testkit.kms;

/** An error KMS answers with: HTTP status, the {@code __type} the SDK maps to an exception class, and a message. */
final class KmsFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;

  KmsFault(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  static KmsFault notFound(String message) {
    return new KmsFault(400, "NotFoundException", message);
  }

  static KmsFault invalidCiphertext() {
    return new KmsFault(400, "InvalidCiphertextException",
        "The ciphertext, its key or its encryption context does not match");
  }

  static KmsFault validation(String message) {
    return new KmsFault(400, "ValidationException", message);
  }

  static KmsFault alreadyExists(String message) {
    return new KmsFault(400, "AlreadyExistsException", message);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }
}
