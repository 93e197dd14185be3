package io.sluice.testkit.redshift;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database that stands in for the Redshift cluster's: a login role with an md5 password, and a template
 * holding the COPY support functions, from which the database is recreated before each test.
 */
final class RedshiftDatabase {

  static final String NAME = "dev";
  static final String USER = "awsuser";
  static final String PASSWORD = "Local-Redshift-1";

  private static final String TEMPLATE = NAME + "_template";
  private static final String ADMIN = "postgres";

  private final EmbeddedPostgres postgres;

  RedshiftDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Creates the role and the template; run once per server. */
  void provision() throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      // password_encryption is md5 server-wide, so this stores an md5 hash the Redshift driver can answer.
      sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      sql.execute("CREATE DATABASE " + TEMPLATE + " OWNER " + USER);
    }
    try (Connection admin = postgres.getDatabase(ADMIN, TEMPLATE).getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute(CopySupportFunctions.DDL);
    }
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      // Nobody may connect to the template: a session there would make CREATE DATABASE … TEMPLATE fail.
      sql.execute("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }
  }

  /**
   * Drops the database, ending any session a test left open, and creates it afresh from the template: every
   * schema, table, setting and session of the previous test is gone.
   */
  void recreate() throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
      sql.execute("CREATE DATABASE " + NAME + " TEMPLATE " + TEMPLATE + " OWNER " + USER);
    }
  }

  /** A superuser connection straight to PostgreSQL, bypassing the proxy and the Redshift driver. */
  Connection connectAsAdmin() throws SQLException {
    return postgres.getDatabase(ADMIN, NAME).getConnection();
  }
}
