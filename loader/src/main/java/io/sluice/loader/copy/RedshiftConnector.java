package io.sluice.loader.copy;

import com.amazon.redshift.Driver;
import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens JDBC connections to one Redshift cluster through the Amazon Redshift JDBC driver, from its
 * {@link ClusterConfig}. The driver is called directly rather than through {@code DriverManager}, so no global
 * driver registry decides which driver answers a URL.
 */
public final class RedshiftConnector {

  private static final Driver DRIVER = new Driver();

  private final ClusterConfig cluster;
  private final Secret password;
  private final Duration connectTimeout;

  /** Connects with the cluster's configured password. */
  public RedshiftConnector(ClusterConfig cluster, Duration connectTimeout) {
    this(cluster, cluster.password(), connectTimeout);
  }

  /** Connects with {@code password}, such as one decrypted from the config item. */
  public RedshiftConnector(ClusterConfig cluster, Secret password, Duration connectTimeout) {
    if (password == null) {
      throw new IllegalArgumentException("no password for cluster " + cluster.endpointName());
    }
    this.cluster = cluster;
    this.password = password;
    this.connectTimeout = connectTimeout;
  }

  /** The URL connections go to: {@code jdbc_url} as configured, else built from endpoint, port and database. */
  public String jdbcUrl() {
    if (cluster.jdbcUrl() != null) {
      return cluster.jdbcUrl();
    }
    String database = cluster.database() != null ? cluster.database() : "dev";
    return "jdbc:redshift://" + cluster.endpoint() + ":" + cluster.port() + "/" + database;
  }

  /** Opens a new connection; the caller closes it. */
  public Connection connect() throws SQLException {
    Connection connection = DRIVER.connect(jdbcUrl(), properties());
    if (connection == null) {
      throw new SQLException("the Redshift driver does not accept the URL " + jdbcUrl());
    }
    return connection;
  }

  private Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("user", cluster.user());
    properties.setProperty("password", password.reveal());
    properties.setProperty("ssl", String.valueOf(cluster.ssl()));
    properties.setProperty("ApplicationName", "sluice");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("loginTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
    return properties;
  }
}
