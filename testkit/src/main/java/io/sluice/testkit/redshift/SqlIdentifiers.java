package io.sluice.testkit.redshift;

import java.util.Locale;

/** PostgreSQL's rules for turning an identifier as written in SQL into the name stored in the catalog. */
final class SqlIdentifiers {

  private SqlIdentifiers() {}

  /** {@code "MixedCase"} keeps its case without the quotes; an unquoted identifier is folded to lower case. */
  static String catalogName(String identifier) {
    if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
      return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
    }
    return identifier.toLowerCase(Locale.ROOT);
  }
}
