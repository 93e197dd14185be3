package io.sluice.testkit.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the SQL text of one protocol message: every Redshift {@code COPY … FROM 's3://…'} statement in it is
 * replaced by the PostgreSQL statement that loads the same rows, or by one that raises the error Redshift would
 * report; everything else, including the text between and around statements, is left byte for byte as it was.
 *
 * <p>A simple-query message may hold a whole script ({@code set …; begin; COPY …; commit;}), so the text is split
 * into statements at semicolons outside strings, identifiers and comments.
 */
final class SqlScriptRewriter implements UnaryOperator<String> {

  private static final Logger LOG = LoggerFactory.getLogger(SqlScriptRewriter.class);

  private final CopyTranslator translator;

  SqlScriptRewriter(CopyTranslator translator) {
    this.translator = translator;
  }

  @Override
  public String apply(String sql) {
    StringBuilder rewritten = null;
    int copiedUpTo = 0;
    for (List<SqlToken> statement : statements(SqlLexer.tokenize(sql))) {
      Optional<String> replacement = rewrite(sql, statement);
      if (replacement.isEmpty()) {
        continue;
      }
      if (rewritten == null) {
        rewritten = new StringBuilder(sql.length());
      }
      int start = statement.get(0).start();
      int end = statement.get(statement.size() - 1).end();
      LOG.trace("Replacing {} with {}", sql.substring(start, end), replacement.get());
      rewritten.append(sql, copiedUpTo, start).append(replacement.get());
      copiedUpTo = end;
    }
    return rewritten == null ? sql : rewritten.append(sql, copiedUpTo, sql.length()).toString();
  }

  private Optional<String> rewrite(String sql, List<SqlToken> statement) {
    if (!statement.get(0).isWord("COPY")) {
      return Optional.empty();
    }
    try {
      return CopyStatementParser.parse(sql, statement).map(translator::translate);
    } catch (CopyException e) {
      LOG.debug("COPY fails as Redshift would: {}", e.getMessage());
      return Optional.of(CopySqlGenerator.raise(e));
    } catch (RuntimeException e) {
      // A bug in the emulation: fail the statement, with the cause in the message, rather than the connection.
      LOG.warn("COPY emulation failed on: {}", sql.substring(statement.get(0).start()), e);
      return Optional.of(CopySqlGenerator.raise(
          new CopyException("COPY emulation failed in the sluice testkit: " + e, null, e)));
    }
  }

  /** Splits at top-level semicolons; empty statements are dropped. */
  private static List<List<SqlToken>> statements(List<SqlToken> tokens) {
    List<List<SqlToken>> statements = new ArrayList<>();
    List<SqlToken> current = new ArrayList<>();
    for (SqlToken token : tokens) {
      if (token.isSymbol(';')) {
        if (!current.isEmpty()) {
          statements.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(token);
      }
    }
    if (!current.isEmpty()) {
      statements.add(current);
    }
    return statements;
  }
}
