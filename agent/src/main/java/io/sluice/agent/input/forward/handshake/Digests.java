package io.sluice.agent.input.forward.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-512 hex digests of the forward handshake, computed and compared over bytes. */
final class Digests {

  private Digests() {}

  /** Lower-case hex SHA-512 of the parts concatenated, as ASCII bytes (Ruby's {@code hexdigest}). */
  static byte[] sha512Hex(byte[]... parts) {
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-512.
      throw new IllegalStateException(e);
    }
    for (byte[] part : parts) {
      sha512.update(part);
    }
    return HexFormat.of().formatHex(sha512.digest()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Compares in time independent of where the inputs differ, so a peer cannot guess a digest byte by byte. */
  static boolean matches(byte[] expected, byte[] given) {
    return MessageDigest.isEqual(expected, given);
  }
}
