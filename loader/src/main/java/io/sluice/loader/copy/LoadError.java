package io.sluice.loader.copy;

import com.amazon.redshift.util.RedshiftException;
import com.amazon.redshift.util.ServerErrorMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A failed load: whether retrying can help, and the pg-style error object the Lambda records.
 *
 * @param kind whether the load may be retried
 * @param sqlState the SQLSTATE, or null when the failure had none (a broken connection)
 * @param message the server's message, or the driver's
 * @param detail the server's DETAIL, or null
 */
public record LoadError(Kind kind, String sqlState, String message, String detail) {

  /** Whether a load that failed so can be retried. */
  public enum Kind {
    /** Nothing was committed and the cause is passing (an outage, a busy or resizing cluster): retry later. */
    RETRYABLE,
    /** Nothing was committed and the same load would fail again (bad SQL, bad data, refused access). */
    PERMANENT,
    /** The connection was lost after COMMIT was sent: the load may have committed; do not retry blindly. */
    UNKNOWN_OUTCOME
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** admin_shutdown and crash_shutdown end the session; cannot_connect_now refuses it. */
  private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02");
  private static final Set<String> RETRY_STATES = Set.of("57P03", "40001", "40P01");
  private static final Pattern CLUSTER_UNAVAILABLE = Pattern.compile(
      "(?i)resiz|\\bpaused\\b|maintenance|read[- ]only|not accepting connections");
  /** The one error the Lambda retries (contract 2.12): S3 not (yet) showing a key. */
  private static final String S3_MISSING_KEY = "S3ServiceException:The specified key does not exist";

  public LoadError {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Classifies a failure of a load's connection or statements.
   *
   * @param commitSent whether COMMIT had been sent when it failed: a connection lost after that leaves the outcome
   *     unknown, while an error the server answered to COMMIT means it rolled back
   */
  public static LoadError of(SQLException e, boolean commitSent) {
    String sqlState = e.getSQLState();
    String message = e.getMessage();
    String detail = null;
    if (e instanceof RedshiftException redshift && redshift.getServerErrorMessage() != null) {
      ServerErrorMessage server = redshift.getServerErrorMessage();
      sqlState = server.getSQLState() != null ? server.getSQLState() : sqlState;
      message = server.getMessage() != null ? server.getMessage() : message;
      detail = server.getDetail();
    }
    return new LoadError(classify(e, sqlState, message, detail, commitSent), sqlState, message, detail);
  }

  private static Kind classify(SQLException e, String sqlState, String message, String detail,
      boolean commitSent) {
    String state = sqlState == null ? "" : sqlState;
    boolean connectionLost = state.startsWith("08") || SESSION_ENDED.contains(state)
        || e instanceof SQLRecoverableException || e instanceof SQLTransientConnectionException
        || causedByIo(e);
    if (connectionLost) {
      return commitSent ? Kind.UNKNOWN_OUTCOME : Kind.RETRYABLE;
    }
    if (state.startsWith("22") || state.startsWith("42")) {
      return Kind.PERMANENT;
    }
    if (state.startsWith("53") || RETRY_STATES.contains(state)) {
      return Kind.RETRYABLE;
    }
    if (message != null && CLUSTER_UNAVAILABLE.matcher(message).find()) {
      return Kind.RETRYABLE;
    }
    if (missingS3Key(message, detail)) {
      return Kind.RETRYABLE;
    }
    return Kind.PERMANENT;
  }

  /** Whether S3 did not show an object COPY reads: eventual consistency at worst, a wrong path at best. */
  public boolean missingS3Key() {
    return missingS3Key(message, detail);
  }

  private static boolean missingS3Key(String message, String detail) {
    return contains(message, S3_MISSING_KEY) || contains(detail, S3_MISSING_KEY);
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static boolean contains(String text, String part) {
    return text != null && text.contains(part);
  }

  /** {"name":"error","severity":"ERROR","code":sqlState,"message":..,"detail":..}, as a pg error serialises. */
  public String json() {
    try {
      return JSON.writeValueAsString(node());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  ObjectNode node() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", "error");
    node.put("severity", "ERROR");
    node.put("code", sqlState);
    node.put("message", message);
    node.put("detail", detail);
    return node;
  }

  /** The same error with {@code redact} applied to its texts. */
  LoadError redacted(UnaryOperator<String> redact) {
    return new LoadError(kind, sqlState, redact.apply(message), redact.apply(detail));
  }
}
