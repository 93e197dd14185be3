package io.sluice.agent.input.http;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF. Jackson
 * lets the first two through, and records must reach the JSON-lines files as valid UTF-8.
 */
final class Utf8 {

  private Utf8() {}

  /** The index of the first byte in {@code [from, to)} that does not start a valid sequence, or -1. */
  static int firstInvalidByte(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int continuations = continuationCount(lead);
      if (continuations == 0 || to - i <= continuations || !secondByteFits(lead, bytes[i + 1] & 0xFF)) {
        return i;
      }
      for (int k = 2; k <= continuations; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += continuations + 1;
    }
    return -1;
  }

  /** How many continuation bytes follow {@code lead}; 0 for bytes that never start a sequence. */
  private static int continuationCount(int lead) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      return 1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      return 2;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      return 3;
    }
    return 0;
  }

  /** The second byte's range is where overlong forms, surrogates and code points past U+10FFFF are ruled out. */
  private static boolean secondByteFits(int lead, int second) {
    return switch (lead) {
      case 0xE0 -> second >= 0xA0 && second <= 0xBF;
      case 0xED -> second >= 0x80 && second <= 0x9F;
      case 0xF0 -> second >= 0x90 && second <= 0xBF;
      case 0xF4 -> second >= 0x80 && second <= 0x8F;
      default -> (second & 0xC0) == 0x80;
    };
  }
}
