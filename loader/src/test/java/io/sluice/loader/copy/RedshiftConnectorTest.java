package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3Extension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})
class RedshiftConnectorTest {

  private static ClusterConfig cluster(String jdbcUrl, String endpoint, String database, String user,
      String password) {
    return new ClusterConfig(jdbcUrl, endpoint, null, database, false, user, Secret.of(password),
        "public.events", null, null, null, null);
  }

  @Test
  void urlIsBuiltFromEndpointPortAndDatabase() {
    ClusterConfig config = cluster(null, "analytics.abc.eu-west-1.redshift.amazonaws.com", "analytics", "u", "p");

    String url = new RedshiftConnector(config, Duration.ofSeconds(5)).jdbcUrl();

    assertThat(url).isEqualTo("jdbc:redshift://analytics.abc.eu-west-1.redshift.amazonaws.com:5439/analytics");
  }

  @Test
  void configuredJdbcUrlIsUsedAsGiven() {
    ClusterConfig config = cluster("jdbc:redshift://host:5440/db?tcpKeepAlive=true", null, null, "u", "p");

    assertThat(new RedshiftConnector(config, Duration.ofSeconds(5)).jdbcUrl())
        .isEqualTo("jdbc:redshift://host:5440/db?tcpKeepAlive=true");
  }

  @Test
  void connectsThroughTheRedshiftDriver(LocalRedshift redshift) throws SQLException {
    RedshiftConnector connector = new RedshiftConnector(
        cluster(redshift.jdbcUrl(), null, null, redshift.user(), redshift.password()), Duration.ofSeconds(5));

    try (Connection connection = connector.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select current_user")) {
      assertThat(connection.getMetaData().getDriverName()).containsIgnoringCase("redshift");
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo(redshift.user());
    }
  }

  @Test
  void wrongPasswordFailsWithTheServersError(LocalRedshift redshift) {
    RedshiftConnector connector = new RedshiftConnector(
        cluster(redshift.jdbcUrl(), null, null, redshift.user(), "wrong-password"), Duration.ofSeconds(5));

    assertThatThrownBy(connector::connect)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }
}
