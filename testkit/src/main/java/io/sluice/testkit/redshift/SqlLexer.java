package io.sluice.testkit.redshift;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into {@link SqlToken}s following PostgreSQL's lexical rules for the parts that decide where a
 * statement ends: quoted strings ({@code '…'}, {@code E'…'}, {@code $tag$…$tag$}), quoted identifiers, and
 * comments (nested block comments included).
 *
 * <p>It never rejects input: an unterminated string or comment simply runs to the end of the text, and the server
 * reports the error when the text reaches it.
 */
final class SqlLexer {

  private final String sql;
  private int pos;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  static List<SqlToken> tokenize(String sql) {
    return new SqlLexer(sql).tokens();
  }

  private List<SqlToken> tokens() {
    List<SqlToken> tokens = new ArrayList<>();
    while (skipWhitespaceAndComments()) {
      tokens.add(next());
    }
    return tokens;
  }

  /** Returns whether a token follows. */
  private boolean skipWhitespaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (sql.startsWith("--", pos)) {
        int newline = sql.indexOf('\n', pos);
        pos = newline < 0 ? sql.length() : newline + 1;
      } else if (sql.startsWith("/*", pos)) {
        skipBlockComment();
      } else {
        return true;
      }
    }
    return false;
  }

  private void skipBlockComment() {
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
  }

  private SqlToken next() {
    int start = pos;
    char c = sql.charAt(pos);
    if ((c == 'E' || c == 'e') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
      pos++;
      return new SqlToken(SqlToken.Type.STRING, quoted('\'', true), start, pos);
    }
    if (c == '\'') {
      return new SqlToken(SqlToken.Type.STRING, quoted('\'', false), start, pos);
    }
    if (c == '"') {
      return new SqlToken(SqlToken.Type.QUOTED_IDENTIFIER, quoted('"', false), start, pos);
    }
    if (c == '$') {
      String tag = dollarTag();
      if (tag != null) {
        return new SqlToken(SqlToken.Type.STRING, dollarQuoted(tag), start, pos);
      }
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < sql.length() && isWordPart(sql.charAt(pos))) {
        pos++;
      }
      return new SqlToken(SqlToken.Type.WORD, sql.substring(start, pos), start, pos);
    }
    if (Character.isDigit(c)) {
      while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
        pos++;
      }
      return new SqlToken(SqlToken.Type.NUMBER, sql.substring(start, pos), start, pos);
    }
    pos++;
    return new SqlToken(SqlToken.Type.SYMBOL, String.valueOf(c), start, pos);
  }

  /**
   * Reads a string or identifier whose quote is doubled inside it. In an escape string a backslash keeps the next
   * character, which is all that matters for finding where the string ends.
   */
  private String quoted(char quote, boolean backslashEscapes) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos++);
      if (backslashEscapes && c == '\\' && pos < sql.length()) {
        value.append(sql.charAt(pos++));
      } else if (c != quote) {
        value.append(c);
      } else if (pos < sql.length() && sql.charAt(pos) == quote) {
        value.append(quote);
        pos++;
      } else {
        return value.toString();
      }
    }
    return value.toString();
  }

  /** Returns the {@code $tag$} opening a dollar-quoted string at the current position, or null (e.g. {@code $1}). */
  private String dollarTag() {
    int end = pos + 1;
    while (end < sql.length() && isWordPart(sql.charAt(end)) && sql.charAt(end) != '$') {
      end++;
    }
    boolean validTag = end < sql.length() && sql.charAt(end) == '$'
        && (end == pos + 1 || !Character.isDigit(sql.charAt(pos + 1)));
    return validTag ? sql.substring(pos, end + 1) : null;
  }

  private String dollarQuoted(String tag) {
    int bodyStart = pos + tag.length();
    int close = sql.indexOf(tag, bodyStart);
    if (close < 0) {
      pos = sql.length();
      return sql.substring(bodyStart);
    }
    pos = close + tag.length();
    return sql.substring(bodyStart, close);
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
