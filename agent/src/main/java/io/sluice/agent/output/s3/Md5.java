package io.sluice.agent.output.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** MD5 digests for the Content-MD5 header, which makes S3 refuse a body that was damaged on the way. */
final class Md5 {

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private Md5() {}

  /** The base64 MD5 of a file's content. */
  static String ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[READ_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  /** The base64 MD5 of {@code bytes[0, length)}. */
  static String of(byte[] bytes, int length) {
    MessageDigest digest = newDigest();
    digest.update(bytes, 0, length);
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides MD5", e);
    }
  }
}
