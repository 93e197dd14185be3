package io.sluice.loader.copy;

import java.util.regex.Pattern;

/**
 * Checks and quotes the parts of COPY that come from configuration, so that no value can end its literal or
 * statement early, whichever way the server reads backslashes.
 */
final class SqlText {

  private static final String IDENTIFIER = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"\\x00\\r\\n]|\"\")+\")";
  private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + "){0,2}");
  private static final Pattern COLUMNS =
      Pattern.compile("\\s*" + IDENTIFIER + "(?:\\s*,\\s*" + IDENTIFIER + ")*\\s*");

  private SqlText() {}

  /**
   * {@code value} as a single-quoted literal with quotes doubled. A backslash is refused too: with
   * {@code standard_conforming_strings} off it escapes the next character, so {@code x\} would swallow the closing
   * quote. The message names {@code what}, never the value, which may be a secret.
   */
  static String literal(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0' || c == '\n' || c == '\r' || c == '\\') {
        throw new IllegalArgumentException(what + " must not hold a NUL, a line break or a backslash");
      }
    }
    return "'" + value.replace("'", "''") + "'";
  }

  /** A table name such as {@code public.events} or {@code "My Table"}, schema- and database-qualified at most. */
  static String table(String what, String name) {
    if (name == null || !TABLE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " is not a table name: \"" + name + "\"");
    }
    return name;
  }

  /** A comma-separated list of column names, trimmed. */
  static String columns(String what, String list) {
    if (!COLUMNS.matcher(list).matches()) {
      throw new IllegalArgumentException(what + " is not a list of column names: \"" + list + "\"");
    }
    return list.trim();
  }

  /**
   * Extra COPY options appended verbatim, once checked to be options only: single-quoted literals are allowed (no
   * line break inside, no backslash before a quote), but no {@code ;}, comment, double quote or dollar sign outside
   * them, which could end the statement or open a quoting this check does not follow.
   */
  static String options(String what, String options) {
    boolean inLiteral = false;
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      char next = i + 1 < options.length() ? options.charAt(i + 1) : '\0';
      if (c == '\0') {
        throw new IllegalArgumentException(what + " must not hold a NUL");
      }
      if (inLiteral) {
        if (c == '\n' || c == '\r' || (c == '\\' && next == '\'')) {
          throw new IllegalArgumentException(what + " has a line break or a backslash before a quote in a literal");
        }
        if (c == '\'') {
          if (next == '\'') {
            i++;
          } else {
            inLiteral = false;
          }
        }
      } else if (c == '\'') {
        inLiteral = true;
      } else if (c == ';' || c == '"' || c == '$' || (c == '-' && next == '-') || (c == '/' && next == '*')) {
        throw new IllegalArgumentException(what + " may hold COPY options only, not '" + c + "' outside a literal: \""
            + options + "\"");
      }
    }
    if (inLiteral) {
      throw new IllegalArgumentException(what + " has an unterminated literal: \"" + options + "\"");
    }
    return options.trim();
  }
}
