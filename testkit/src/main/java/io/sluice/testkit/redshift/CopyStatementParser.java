package io.sluice.testkit.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises a Redshift {@code COPY <table> [(<columns>)] FROM 's3://…' [options]} statement and parses it into a
 * {@link CopyStatement}; keywords are case-insensitive and may be spread over lines. The options are left to
 * {@link CopyOptionsParser}.
 */
final class CopyStatementParser {

  private CopyStatementParser() {}

  /**
   * Parses one statement.
   *
   * @param sql the text the tokens were read from
   * @param tokens the statement's tokens, without the terminating semicolon
   * @return the COPY, or empty when the statement is not a COPY from S3 (a PostgreSQL {@code COPY … FROM STDIN},
   *     say), which must then reach the server unchanged
   * @throws CopyException when it is a COPY from S3 that Redshift or the emulation would refuse
   */
  static Optional<CopyStatement> parse(String sql, List<SqlToken> tokens) {
    SqlTokenCursor cursor = new SqlTokenCursor(sql, tokens);
    if (!cursor.acceptWord("COPY")) {
      return Optional.empty();
    }
    String table = tableName(cursor);
    List<String> columns = new ArrayList<>();
    if (table == null || !columnList(cursor, columns) || !cursor.acceptWord("FROM")) {
      return Optional.empty();
    }
    String source = cursor.acceptString();
    if (source == null || !S3Location.isS3Url(source)) {
      return Optional.empty();
    }
    return Optional.of(new CopyStatement(table, columns, S3Location.parse(source), CopyOptionsParser.parse(cursor)));
  }

  /** Parses a statement given as text, with or without a final semicolon. */
  static Optional<CopyStatement> parse(String statement) {
    List<SqlToken> tokens = new ArrayList<>(SqlLexer.tokenize(statement));
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(';')) {
      tokens.remove(tokens.size() - 1);
    }
    return parse(statement, tokens);
  }

  /** A possibly schema-qualified name as written, or null. */
  private static String tableName(SqlTokenCursor cursor) {
    SqlToken first = cursor.peek();
    do {
      if (cursor.acceptIdentifier() == null) {
        return null;
      }
    } while (cursor.acceptSymbol('.'));
    return cursor.textSince(first);
  }

  /** Reads an optional parenthesised column list; returns false when the parentheses hold something else. */
  private static boolean columnList(SqlTokenCursor cursor, List<String> columns) {
    if (!cursor.acceptSymbol('(')) {
      return true;
    }
    do {
      String column = cursor.acceptIdentifier();
      if (column == null) {
        return false;
      }
      columns.add(column);
    } while (cursor.acceptSymbol(','));
    return cursor.acceptSymbol(')');
  }
}
