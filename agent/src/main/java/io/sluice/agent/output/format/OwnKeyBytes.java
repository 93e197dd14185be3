package io.sluice.agent.output.format;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The UTF-8 bytes of the keys the formatter adds (tag and time): a record holding one of them goes to the general
 * path, which knows what to do with it, so the single-pass writers only ask whether a raw key is one of these.
 */
final class OwnKeyBytes {

  private final byte[][] keys;

  OwnKeyBytes(Collection<String> keys) {
    this.keys = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** Whether {@code in[start, stop)} is one of the keys, byte for byte; the length is compared first. */
  boolean matches(byte[] in, int start, int stop) {
    int length = stop - start;
    for (byte[] key : keys) {
      if (key.length == length && sameBytes(in, start, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameBytes(byte[] in, int start, byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (in[start + i] != key[i]) {
        return false;
      }
    }
    return true;
  }
}
