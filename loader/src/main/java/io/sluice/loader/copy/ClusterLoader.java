package io.sluice.loader.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one cluster's CopyScript in one JDBC transaction. */
public final class ClusterLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLoader.class);

  private final RedshiftConnector connector;
  private final String endpointName;

  /**
   * @param connector opens the connection each load uses and closes
   * @param endpointName the cluster's name in results ({@link io.sluice.config.loader.ClusterConfig#endpointName()})
   */
  public ClusterLoader(RedshiftConnector connector, String endpointName) {
    this.connector = connector;
    this.endpointName = endpointName;
  }

  /**
   * begin (autocommit off), each statement, commit; rollback + close on failure. Never throws for SQL/connection
   * errors: returns the outcome, with secrets the server may echo redacted from its error.
   */
  public ClusterResult load(CopyScript script) {
    long started = System.nanoTime();
    Connection connection = null;
    boolean commitSent = false;
    try {
      connection = connector.connect();
      connection.setAutoCommit(false);
      long rows = run(connection, script);
      commitSent = true;
      connection.commit();
      LOG.info("Loaded {} rows into {} in {} ms", rows, endpointName, (System.nanoTime() - started) / 1_000_000);
      return ClusterResult.success(endpointName);
    } catch (SQLException e) {
      LoadError error = LoadError.of(e, commitSent).redacted(script::redact);
      if (connection != null && !commitSent) {
        rollbackQuietly(connection);
      }
      LOG.warn("Load into {} failed ({}, SQLState {}): {}; script: {}", endpointName, error.kind(),
          error.sqlState(), error.message(), script.redacted().replace('\n', ' '));
      return ClusterResult.failure(endpointName, error);
    } finally {
      closeQuietly(connection);
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
