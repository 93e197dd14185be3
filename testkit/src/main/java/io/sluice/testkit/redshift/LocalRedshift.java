package io.sluice.testkit.redshift;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Handle on the test JVM's local Redshift stand-in, injected by {@link LocalRedshiftExtension}: PostgreSQL behind a
 * proxy that lets the Amazon Redshift JDBC driver connect and that emulates {@code COPY … FROM 's3://…'} by reading
 * the files from the local S3 server ({@link io.sluice.testkit.s3.LocalS3Extension}).
 */
public final class LocalRedshift {

  private final int proxyPort;
  private final RedshiftDatabase database;

  LocalRedshift(int proxyPort, RedshiftDatabase database) {
    this.proxyPort = proxyPort;
    this.database = database;
  }

  /** {@code jdbc:redshift://127.0.0.1:<port>/dev}, for the Amazon Redshift JDBC driver. */
  public String jdbcUrl() {
    return "jdbc:redshift://127.0.0.1:" + proxyPort + "/" + RedshiftDatabase.NAME;
  }

  /** The database name in {@link #jdbcUrl()}. */
  public String database() {
    return RedshiftDatabase.NAME;
  }

  /** The login user, which owns the database. */
  public String user() {
    return RedshiftDatabase.USER;
  }

  /** The user's password, checked by PostgreSQL with md5. */
  public String password() {
    return RedshiftDatabase.PASSWORD;
  }

  /**
   * Driver properties for {@link #jdbcUrl()}: user, password, and {@code ssl=false}, because the proxy refuses TLS
   * and the driver otherwise insists on it.
   */
  public Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user());
    properties.setProperty("password", password());
    properties.setProperty("ssl", "false");
    return properties;
  }

  /** A new connection as {@link #user()} through the real Amazon Redshift JDBC driver; the caller closes it. */
  public Connection connect() throws SQLException {
    return new com.amazon.redshift.Driver().connect(jdbcUrl(), connectionProperties());
  }

  /**
   * A new superuser connection straight to PostgreSQL through pgjdbc, for setting up or inspecting what the code
   * under test cannot or should not do itself; the caller closes it.
   */
  public Connection connectAsAdmin() throws SQLException {
    return database.connectAsAdmin();
  }
}
