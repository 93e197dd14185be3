package io.sluice.agent.input.http;

import io.sluice.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time. Both sides are hashed first, so the comparison
 * takes as long whatever the length or content of the presented token.
 */
final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] expectedDigest;

  BearerToken(Secret token) {
    this.expectedDigest = sha256(token.reveal());
  }

  /** Whether {@code authorization} (the header value, possibly null) carries the configured token. */
  boolean accepts(String authorization) {
    boolean bearer = authorization != null && authorization.length() > SCHEME.length()
        && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    // Always hash and compare, so a missing or malformed header costs the same as a wrong token.
    byte[] presented = sha256(bearer ? authorization.substring(SCHEME.length()).strip() : "");
    return MessageDigest.isEqual(presented, expectedDigest) && bearer;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
