package io.sluice.testkit.redshift;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Quotes text as a PostgreSQL dollar-quoted literal with a random tag that does not occur in the text, so that any
 * content (quotes, {@code $$}, backslashes, line breaks, any Unicode) reaches the server unchanged, whatever the
 * session's {@code standard_conforming_strings}.
 */
final class DollarQuoting {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DollarQuoting() {}

  static String quote(String text) {
    String tag = newTag(text);
    return tag + text + tag;
  }

  /** A fresh {@code $sluice_…$} tag that does not occur in {@code text}. */
  static String newTag(String text) {
    String tag;
    do {
      byte[] bytes = new byte[8];
      RANDOM.nextBytes(bytes);
      tag = "$sluice_" + HexFormat.of().formatHex(bytes) + "$";
    } while (text.contains(tag));
    return tag;
  }
}
