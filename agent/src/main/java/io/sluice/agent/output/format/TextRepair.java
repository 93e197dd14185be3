package io.sluice.agent.output.format;

import java.nio.charset.StandardCharsets;

/**
 * Turns text that is not valid Unicode into text that is, so a record is repaired rather than dropped: invalid UTF-8
 * and lone UTF-16 surrogates (which a JSON {@code \ud800} escape can produce) become U+FFFD.
 */
final class TextRepair {

  static final char REPLACEMENT = '\uFFFD';

  private TextRepair() {}

  /** Decodes UTF-8; the JDK decoder replaces each malformed sequence with U+FFFD, always the same way. */
  static String utf8(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /** Whether {@code chars[offset, offset + length)} holds a surrogate that is not part of a pair. */
  static boolean hasLoneSurrogate(char[] chars, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with every lone surrogate replaced by U+FFFD; the same instance when there is none. */
  static String withoutLoneSurrogates(String text) {
    char[] chars = text.toCharArray();
    return hasLoneSurrogate(chars, 0, chars.length) ? repair(chars, 0, chars.length) : text;
  }

  /** The characters as a string with every lone surrogate replaced by U+FFFD. */
  static String repair(char[] chars, int offset, int length) {
    StringBuilder repaired = new StringBuilder(length);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        repaired.append(c).append(chars[++i]);
      } else {
        repaired.append(Character.isSurrogate(c) ? REPLACEMENT : c);
      }
    }
    return repaired.toString();
  }
}
