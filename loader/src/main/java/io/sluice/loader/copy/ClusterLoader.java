package io.sluice.loader.copy;

import io.sluice.loader.retry.FailureLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Runs one cluster's CopyScript in one JDBC transaction. */
public final class ClusterLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLoader.class);

  private final RedshiftConnector connector;
  private final String endpointName;
  private final LoadReceipts receipts;
  private final FailureLog failures;

  /**
   * @param connector opens the connection each load uses and closes
   * @param endpointName the cluster's name in results ({@link io.sluice.config.loader.ClusterConfig#endpointName()})
   */
  public ClusterLoader(RedshiftConnector connector, String endpointName) {
    this(connector, endpointName, null);
  }

  /**
   * @param receipts where each load leaves its receipt; null for none, and then a connection lost after COMMIT
   *     leaves the outcome unknown
   */
  public ClusterLoader(RedshiftConnector connector, String endpointName, LoadReceipts receipts) {
    this(connector, endpointName, receipts, new FailureLog(LOG));
  }

  /**
   * @param failures where this cluster's passing failures (an outage, a busy cluster) are logged, shared by every
   *     load into it so that an outage is logged at a bounded rate; errors of the load itself are always logged
   */
  public ClusterLoader(RedshiftConnector connector, String endpointName, LoadReceipts receipts,
      FailureLog failures) {
    this.connector = connector;
    this.endpointName = endpointName;
    this.receipts = receipts;
    this.failures = failures;
  }

  /**
   * begin (autocommit off), each statement, commit; rollback + close on failure. Never throws for SQL/connection
   * errors: returns the outcome, with secrets the server may echo redacted from its error.
   */
  public ClusterResult load(CopyScript script) {
    return load(script, null);
  }

  /**
   * As {@link #load(CopyScript)}, leaving {@code receipt} in the receipts table in the same transaction. When the
   * table already holds a receipt of the same batch (any manifest), the batch committed here before: nothing runs
   * and the result says {@link ClusterResult#alreadyLoaded()}.
   *
   * @param receipt what to record; ignored without a receipts table
   */
  public ClusterResult load(CopyScript script, LoadReceipts.Receipt receipt) {
    long started = System.nanoTime();
    Connection connection = null;
    boolean commitSent = false;
    try {
      connection = connector.connect();
      boolean withReceipt = receipts != null && receipt != null && receiptsTableReady(connection);
      connection.setAutoCommit(false);
      if (withReceipt && receipts.batchLoaded(connection, receipt)) {
        connection.rollback();
        LOG.info("Skipping batch {} of {} on {}: its load receipt shows it committed there already", receipt.batchId(),
            receipt.s3Prefix(), endpointName);
        return ClusterResult.alreadyLoaded(endpointName);
      }
      long rows = run(connection, script);
      if (withReceipt) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(receipts.insert(receipt, Instant.now()));
        }
      }
      commitSent = true;
      connection.commit();
      failures.recovered("Loads into {} get through again", endpointName);
      LOG.info("Loaded {} rows into {} in {} ms", rows, endpointName, (System.nanoTime() - started) / 1_000_000);
      return ClusterResult.success(endpointName);
    } catch (SQLException e) {
      LoadError error = LoadError.of(e, commitSent).redacted(script::redact);
      if (connection != null && !commitSent) {
        rollbackQuietly(connection);
      }
      if (error.kind() == LoadError.Kind.RETRYABLE) {
        failures.failed(Level.WARN, "retryable", "Load into {} failed ({}, SQLState {}): {}; script: {}",
            endpointName, error.kind(), error.sqlState(), error.message(), script.redacted().replace('\n', ' '));
      } else {
        LOG.warn("Load into {} failed ({}, SQLState {}): {}; script: {}", endpointName, error.kind(),
            error.sqlState(), error.message(), script.redacted().replace('\n', ' '));
      }
      return ClusterResult.failure(endpointName, error);
    } finally {
      closeQuietly(connection);
    }
  }

  /**
   * Whether the load that left {@code receipt} committed, for a load whose connection was lost after COMMIT:
   * true or false once the cluster answers; empty while it cannot be reached (or without a receipts table).
   */
  public ReceiptCheck committed(LoadReceipts.Receipt receipt) {
    if (receipts == null) {
      return ReceiptCheck.NO_RECEIPTS;
    }
    try (Connection connection = connector.connect()) {
      return receipts.committed(connection, receipt) ? ReceiptCheck.COMMITTED : ReceiptCheck.NOT_COMMITTED;
    } catch (SQLException e) {
      LoadError error = LoadError.of(e, false);
      // 57014: the lock waited too long for a load that is still committing; ask again later.
      if (error.kind() == LoadError.Kind.RETRYABLE || "57014".equals(error.sqlState())) {
        LOG.warn("Cannot read the load receipt of batch {} from {} yet: {}", receipt.batchId(), endpointName,
            error.message());
        return ReceiptCheck.UNREACHABLE;
      }
      LOG.error("Cannot read load receipts from {}.{}: {}", endpointName, receipts.table(), error.message());
      return ReceiptCheck.NO_RECEIPTS;
    }
  }

  /** What a load's receipt says about a load whose connection was lost after COMMIT. */
  public enum ReceiptCheck {
    /** The load committed. */
    COMMITTED,
    /** The load rolled back: it can run again. */
    NOT_COMMITTED,
    /** The cluster cannot be reached yet: ask again later. */
    UNREACHABLE,
    /** No receipt can tell (no receipts table, or it cannot be read). */
    NO_RECEIPTS
  }

  /**
   * Creates the receipts table when missing. Without the privilege to, loads go on without receipts, as they would
   * with the table switched off, and say so.
   */
  private boolean receiptsTableReady(Connection connection) throws SQLException {
    try {
      receipts.createIfMissing(connection);
      return true;
    } catch (SQLException e) {
      if (LoadError.of(e, false).kind() != LoadError.Kind.PERMANENT) {
        throw e;
      }
      LOG.warn("Loading into {} without load receipts: cannot create {} ({}). Grant CREATE on its schema, create it"
          + " yourself, or set loader.receipts_table: off", endpointName, receipts.table(), e.getMessage());
      return false;
    }
  }

  /** Runs the statements in order; returns the COPY's row count. */
  private static long run(Connection connection, CopyScript script) throws SQLException {
    long rows = 0;
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < script.statements().size(); i++) {
        statement.execute(script.statements().get(i));
        if (i == script.copyIndex()) {
          rows = Math.max(0, statement.getUpdateCount());
        }
      }
    }
    return rows;
  }

  private void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is most likely gone, and the server rolls back a transaction whose session ends.
      LOG.debug("Rollback on {} failed", endpointName, e);
    }
  }

  private void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("Closing the connection to {} failed", endpointName, e);
    }
  }
}
