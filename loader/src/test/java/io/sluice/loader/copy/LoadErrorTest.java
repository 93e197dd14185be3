package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.redshift.util.RedshiftException;
import com.amazon.redshift.util.ServerErrorMessage;
import io.sluice.loader.copy.LoadError.Kind;
import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LoadErrorTest {

  static Stream<Arguments> classification() {
    return Stream.of(
        // Connection failures before COMMIT: nothing committed, the cluster may come back.
        Arguments.of("08001", "Connection refused", false, Kind.RETRYABLE),
        Arguments.of("08006", "An I/O error occurred while sending to the backend.", false, Kind.RETRYABLE),
        Arguments.of("57P01", "terminating connection due to administrator command", false, Kind.RETRYABLE),
        Arguments.of("57P02", "terminating connection because of crash of another server process", false,
            Kind.RETRYABLE),
        Arguments.of("57P03", "the database system is starting up", false, Kind.RETRYABLE),
        Arguments.of("53300", "too many connections for database", false, Kind.RETRYABLE),
        Arguments.of("53200", "out of memory", false, Kind.RETRYABLE),
        Arguments.of("40001", "Serializable isolation violation on table", false, Kind.RETRYABLE),
        Arguments.of("XX000", "Cluster is currently being resized", false, Kind.RETRYABLE),
        Arguments.of("XX000", "The cluster is paused", false, Kind.RETRYABLE),
        Arguments.of("XX000", "cluster in maintenance mode", false, Kind.RETRYABLE),
        Arguments.of("25006", "cannot execute COPY in a read-only transaction", false, Kind.RETRYABLE),
        Arguments.of("XX000", "The cluster is not accepting connections", false, Kind.RETRYABLE),
        Arguments.of("XX000", "S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey", false,
            Kind.RETRYABLE),
        // The same load would fail again.
        Arguments.of("42601", "syntax error at or near \"FROM\"", false, Kind.PERMANENT),
        Arguments.of("42703", "column \"nope\" of relation \"events\" does not exist", false, Kind.PERMANENT),
        Arguments.of("42P01", "relation \"public.events\" does not exist", false, Kind.PERMANENT),
        Arguments.of("42501", "permission denied for relation events", false, Kind.PERMANENT),
        Arguments.of("22P02", "invalid input syntax for integer: \"resize\"", false, Kind.PERMANENT),
        Arguments.of("XX000", "Load into table 'events' failed.  Check 'stl_load_errors' system table for details.",
            false, Kind.PERMANENT),
        Arguments.of("XX000", "S3ServiceException:Access Denied,Status 403,Error AccessDenied", false, Kind.PERMANENT),
        Arguments.of("28P01", "password authentication failed for user \"loader\"", false, Kind.PERMANENT),
        // After COMMIT was sent, a lost connection leaves the outcome open; an answered error does not.
        Arguments.of("08006", "An I/O error occurred while sending to the backend.", true, Kind.UNKNOWN_OUTCOME),
        Arguments.of("57P01", "terminating connection due to administrator command", true, Kind.UNKNOWN_OUTCOME),
        Arguments.of("40001", "Serializable isolation violation on table", true, Kind.RETRYABLE),
        Arguments.of("23505", "duplicate key value violates unique constraint", true, Kind.PERMANENT));
  }

  @ParameterizedTest(name = "{0} {1} (commit sent: {2}) is {3}")
  @MethodSource
  void classification(String sqlState, String message, boolean commitSent, Kind expected) {
    LoadError error = LoadError.of(new SQLException(message, sqlState), commitSent);

    assertThat(error).isEqualTo(new LoadError(expected, sqlState, message, null));
  }

  @Test
  void ioFailureWithoutSqlStateIsAConnectionFailure() {
    SQLException refused = new SQLException("Connection attempt failed", null, new ConnectException("refused"));
    SQLException cut = new SQLException("Database connection failed", null, new EOFException());

    assertThat(LoadError.of(refused, false).kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(LoadError.of(cut, true).kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
    assertThat(LoadError.of(new SQLRecoverableException("gone"), true).kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
  }

  @Test
  void serverErrorGivesStateMessageAndDetail() {
    RedshiftException e = new RedshiftException(new ServerErrorMessage(
        "SERROR\0CXX000\0MLoad failed\0DS3ServiceException:The specified key does not exist.,Status 404\0"));

    LoadError error = LoadError.of(e, false);

    assertThat(error).isEqualTo(new LoadError(Kind.RETRYABLE, "XX000", "Load failed",
        "S3ServiceException:The specified key does not exist.,Status 404"));
  }

  @Test
  void jsonIsThePgErrorShape() {
    LoadError error = new LoadError(Kind.PERMANENT, "42703", "column \"x\" does not exist", "a \"detail\"");

    assertThat(error.json()).isEqualTo("{\"name\":\"error\",\"severity\":\"ERROR\",\"code\":\"42703\","
        + "\"message\":\"column \\\"x\\\" does not exist\",\"detail\":\"a \\\"detail\\\"\"}");
  }

  @Test
  void jsonWritesMissingFieldsAsNull() {
    assertThat(new LoadError(Kind.RETRYABLE, null, "Connection refused", null).json())
        .isEqualTo("{\"name\":\"error\",\"severity\":\"ERROR\",\"code\":null,\"message\":\"Connection refused\","
            + "\"detail\":null}");
  }
}
