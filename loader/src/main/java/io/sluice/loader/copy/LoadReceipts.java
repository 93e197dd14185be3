package io.sluice.loader.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A table in the target database where every load leaves a receipt in its own transaction. When the connection is
 * lost after COMMIT was sent, the receipt tells whether the load committed, so the loader can finish the batch or
 * load it again instead of leaving the outcome to an operator (the Lambda's H4).
 */
public final class LoadReceipts {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** How long a receipt check waits for a load that is still committing before it asks again later. */
  private static final int LOCK_TIMEOUT_SECONDS = 60;

  private final String table;

  /** @param table the receipts table, {@code schema.table} or a name found on the search path */
  public LoadReceipts(String table) {
    this.table = SqlText.table("receipts table", table);
  }

  /** The receipts table, as configured. */
  public String table() {
    return table;
  }

  /** Creates the table when missing; on its own, outside the load's transaction. */
  void createIfMissing(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("create table if not exists " + table
          + " (s3_prefix varchar(1024), batch_id varchar(64), manifest varchar(1024), loaded_at timestamp)");
    }
  }

  /** The insert a load runs inside its transaction, just before COMMIT. */
  String insert(Receipt receipt, Instant now) {
    return "insert into " + table + " (s3_prefix, batch_id, manifest, loaded_at) values ("
        + SqlText.literal("s3 prefix", receipt.s3Prefix()) + ", " + SqlText.literal("batch id", receipt.batchId())
        + ", " + SqlText.literal("manifest", receipt.manifestUrl()) + ", '" + TIMESTAMP.format(now) + "')";
  }

  /**
   * Whether any load of this receipt's batch committed into this database, under any manifest: run inside a load's
   * transaction before its COPY, so a batch reopened after a partial multi-cluster load is not loaded twice here.
   */
  boolean batchLoaded(Connection connection, Receipt receipt) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "select count(*) from " + table + " where s3_prefix = ? and batch_id = ?")) {
      query.setString(1, receipt.s3Prefix());
      query.setString(2, receipt.batchId());
      try (ResultSet result = query.executeQuery()) {
        return result.next() && result.getLong(1) > 0;
      }
    }
  }

  /**
   * Whether a load with this receipt committed. The load's transaction inserted its receipt before COMMIT, so it
   * holds a lock on the table until it ends: locking the table first waits for a COMMIT the server is still
   * finishing, and only then is a missing receipt proof of a rollback.
   */
  boolean committed(Connection connection, Receipt receipt) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement lock = connection.createStatement();
        PreparedStatement query = connection.prepareStatement(
            "select count(*) from " + table + " where batch_id = ? and manifest = ?")) {
      lock.setQueryTimeout(LOCK_TIMEOUT_SECONDS);
      lock.execute("lock " + table);
      query.setString(1, receipt.batchId());
      query.setString(2, receipt.manifestUrl());
      try (ResultSet result = query.executeQuery()) {
        return result.next() && result.getLong(1) > 0;
      }
    } finally {
      connection.rollback();
    }
  }

  /**
   * What one load's receipt says.
   *
   * @param s3Prefix the batch's prefix
   * @param batchId the batch
   * @param manifestUrl the manifest the COPY read, {@code s3://...}
   */
  public record Receipt(String s3Prefix, String batchId, String manifestUrl) {
  }
}
