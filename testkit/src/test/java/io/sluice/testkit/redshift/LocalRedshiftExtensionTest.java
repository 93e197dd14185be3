package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalRedshiftExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRedshiftExtensionTest {

  @Test
  @Order(1)
  void redshiftDriverConnectsThoughItSendsStartupParametersPostgresRefuses(LocalRedshift redshift)
      throws SQLException {
    try (Connection connection = redshift.connect()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("Redshift");
      assertThat(queryOne(connection, "SELECT current_user || '@' || current_database()")).isEqualTo("awsuser@dev");
    }
  }

  @Test
  @Order(2)
  void wrongPasswordIsRefused(LocalRedshift redshift) {
    Properties wrongPassword = redshift.connectionProperties();
    wrongPassword.setProperty("password", "not-the-password");

    assertThatThrownBy(() -> new com.amazon.redshift.Driver().connect(redshift.jdbcUrl(), wrongPassword).close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
  }

  @Test
  @Order(3)
  void adminConnectionSeesWhatTheRedshiftUserCreated(LocalRedshift redshift) throws SQLException {
    try (Connection connection = redshift.connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE created_by_user (id integer); INSERT INTO created_by_user VALUES (42)");
    }

    try (Connection admin = redshift.connectAsAdmin()) {
      assertThat(queryOne(admin, "SELECT current_user")).isEqualTo("postgres");
      assertThat(queryOne(admin, "SELECT id FROM created_by_user")).isEqualTo("42");
    }
  }

  @Test
  @Order(4)
  void tablesOfEarlierTestsAreGone(LocalRedshift redshift) throws SQLException {
    try (Connection connection = redshift.connect()) {
      assertThat(queryOne(connection,
          "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"))
          .isEqualTo("0");
    }
  }

  @Test
  @Order(5)
  void resetEndsSessionsLeftOpenInsteadOfWaitingForTheirLocks(LocalRedshift redshift) throws SQLException {
    try (Connection leftOpen = redshift.connect(); Statement statement = leftOpen.createStatement()) {
      leftOpen.setAutoCommit(false);
      statement.execute("CREATE TABLE locked (id integer)");
      statement.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");

      // What the extension does before the next test.
      new LocalRedshiftExtension().beforeEach(null);

      assertThat(leftOpen.isValid(1)).isFalse();
    }
    try (Connection connection = redshift.connect()) {
      assertThat(queryOne(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'locked'")).isEqualTo("0");
    }
  }

  private static String queryOne(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }
}
