package io.sluice.testkit.kms;

import io.sluice.testkit.aws.AwsFault;

/** An error KMS answers with; its code goes in the {@code __type} the SDK maps to an exception class. */
final class KmsFault extends AwsFault {

  private static final long serialVersionUID = 1L;

  KmsFault(int status, String type, String message) {
    super(status, type, message);
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
}
