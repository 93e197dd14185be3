package io.sluice.testkit.redshift;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a server-prepared COPY from loading stale data. The emulation reads a COPY's files when its Parse message is
 * rewritten, so a statement prepared under a name (pgjdbc-style drivers do so after {@code prepareThreshold}
 * executions) and bound again would insert the rows read back then. The second Bind of such a statement is pointed
 * at a statement name that does not exist, so the server refuses it with an error that says why. Outside a
 * transaction the Redshift driver recovers from that error by itself, with a fresh Parse that reads the files again.
 *
 * <p>One per connection; not thread-safe.
 */
final class NamedCopyGuard {

  /** Shown by the server as {@code prepared statement "…" does not exist}; at most 63 bytes, the name limit. */
  static final String STALE_COPY = "COPY re-executed: data is read at Parse; use prepareThreshold=0";

  /** Named statements that are rewritten COPYs, mapped to whether they have been bound already. */
  private final Map<String, Boolean> boundCopies = new HashMap<>();

  /** Records a Parse message; {@code rewrittenCopy} says whether its SQL was a COPY from S3. */
  void parsed(String statement, boolean rewrittenCopy) {
    if (rewrittenCopy && !statement.isEmpty()) {
      boundCopies.put(statement, false);
    } else {
      boundCopies.remove(statement);
    }
  }

  /** The statement name a Bind message should carry: its own, or {@link #STALE_COPY} for a re-bound COPY. */
  String statementToBind(String statement) {
    Boolean bound = boundCopies.get(statement);
    if (bound == null) {
      return statement;
    }
    if (bound) {
      return STALE_COPY;
    }
    boundCopies.put(statement, true);
    return statement;
  }

  /** Records a Close message for a statement. */
  void closed(String statement) {
    boundCopies.remove(statement);
  }
}
