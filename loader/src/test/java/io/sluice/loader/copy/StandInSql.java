package io.sluice.loader.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL on the Redshift stand-in, to set up and check what a load did; each call closes its connection. */
final class StandInSql {

  private StandInSql() {
  }

  /** Runs {@code statements} in order. */
  static void execute(Connection connection, String... statements) throws SQLException {
    try (connection; Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The first column of the rows of {@code query}, as strings. */
  static List<String> column(Connection connection, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (connection; Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
