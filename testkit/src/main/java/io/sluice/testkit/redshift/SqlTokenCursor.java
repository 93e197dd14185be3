package io.sluice.testkit.redshift;

import java.util.List;

/** Walks the tokens of one statement for a hand-written parser: look ahead, accept what matches, demand the rest. */
final class SqlTokenCursor {

  private final String sql;
  private final List<SqlToken> tokens;
  private int pos;

  /**
   * @param sql the text the tokens were read from, for {@link #text}
   * @param tokens the statement's tokens
   */
  SqlTokenCursor(String sql, List<SqlToken> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  boolean hasMore() {
    return pos < tokens.size();
  }

  /** The next token without consuming it, or null at the end. */
  SqlToken peek() {
    return hasMore() ? tokens.get(pos) : null;
  }

  /** Consumes the next token; null at the end. */
  SqlToken next() {
    return hasMore() ? tokens.get(pos++) : null;
  }

  boolean acceptWord(String keyword) {
    return acceptIf(peek() != null && peek().isWord(keyword));
  }

  boolean acceptSymbol(char symbol) {
    return acceptIf(peek() != null && peek().isSymbol(symbol));
  }

  /** Consumes an unquoted or double-quoted identifier and returns it as written, or returns null. */
  String acceptIdentifier() {
    SqlToken token = peek();
    boolean identifier = token != null
        && (token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER);
    return acceptIf(identifier) ? text(token) : null;
  }

  /** Consumes a string if one comes next and returns its value, or returns null. */
  String acceptString() {
    SqlToken token = peek();
    return acceptIf(token != null && token.type() == SqlToken.Type.STRING) ? token.value() : null;
  }

  /**
   * @throws CopyException when no string comes next
   */
  String string(String option) {
    String value = acceptString();
    if (value == null) {
      throw new CopyException("COPY option " + option + " needs a quoted string argument");
    }
    return value;
  }

  /**
   * @throws CopyException when no number fitting an int comes next
   */
  int number(String option) {
    SqlToken token = peek();
    if (!acceptIf(token != null && token.type() == SqlToken.Type.NUMBER)) {
      throw new CopyException("COPY option " + option + " needs a number");
    }
    try {
      return Integer.parseInt(token.value());
    } catch (NumberFormatException e) {
      throw new CopyException("COPY option " + option + " is out of range: " + token.value());
    }
  }

  /** The SQL text of the tokens from {@code first} to the last one consumed. */
  String textSince(SqlToken first) {
    return sql.substring(first.start(), tokens.get(pos - 1).end());
  }

  /** The token as written in the SQL text. */
  String text(SqlToken token) {
    return sql.substring(token.start(), token.end());
  }

  private boolean acceptIf(boolean matches) {
    if (matches) {
      pos++;
    }
    return matches;
  }
}
