package io.sluice.bench;

import io.sluice.testkit.redshift.LocalRedshift;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What reached the target table, read straight from the stand-in's PostgreSQL. */
final class TargetTable {

  private final LocalRedshift redshift;
  private final String table;

  TargetTable(LocalRedshift redshift, String table) {
    this.redshift = redshift;
    this.table = table;
  }

  long rows() throws SQLException {
    return count("select count(*) from " + table);
  }

  /** Rows with a distinct (connection, sequence): fewer than {@link #rows()} means a record was loaded twice. */
  long distinctRecords() throws SQLException {
    return count("select count(*) from (select distinct conn, seq from " + table + ") records");
  }

  /** Every row's time from its send to its insertion by the COPY, in milliseconds, sorted. */
  long[] recordLatenciesMillis() throws SQLException {
    List<Long> latencies = new ArrayList<>();
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery("select round(extract(epoch from loaded_at) * 1000) - sent_ms"
            + " from " + table + " order by 1")) {
      while (result.next()) {
        latencies.add(result.getLong(1));
      }
    }
    return latencies.stream().mapToLong(Long::longValue).toArray();
  }

  private long count(String sql) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
