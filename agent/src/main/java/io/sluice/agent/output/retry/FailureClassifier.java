package io.sluice.agent.output.retry;

import io.sluice.agent.output.local.KeyPathException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides whether a failed upload concerns only the file (quarantine it, move on) or the whole
 * destination (retry it with back-off, report it, never quarantine). Anything not known to be about the file is
 * treated as the destination's: quarantining a good file during an outage would be worse than waiting.
 *
 * <table>
 *   <caption>Failures and what they concern</caption>
 *   <tr><th>Failure</th><th>Label</th><th>Scope</th></tr>
 *   <tr><td>S3 400 {@code KeyTooLongError}</td><td>{@code key_too_long}</td><td>file</td></tr>
 *   <tr><td>S3 400 {@code EntityTooLarge}</td><td>{@code entity_too_large}</td><td>file</td></tr>
 *   <tr><td>S3 400 {@code InvalidArgument}</td><td>{@code invalid_argument}</td><td>file</td></tr>
 *   <tr><td>S3 400 {@code InvalidObjectName}, {@code InvalidKey}, {@code InvalidURI}</td><td>{@code invalid_key}</td>
 *       <td>file</td></tr>
 *   <tr><td>local: {@code ENAMETOOLONG} ("File name too long") on the key's path</td><td>{@code name_too_long}</td>
 *       <td>file</td></tr>
 *   <tr><td>local: {@code EINVAL} ("Invalid argument") on the key's path</td><td>{@code invalid_key}</td>
 *       <td>file</td></tr>
 *   <tr><td>local: a file where a directory of the key must go, or a directory where the file must go
 *       ({@code NotDirectoryException}, {@code FileAlreadyExistsException}, {@code DirectoryNotEmptyException},
 *       "Not a directory", "Is a directory") below the output directory</td><td>{@code path_obstacle}</td>
 *       <td>file</td></tr>
 *   <tr><td>S3 throttling, 429, 503 {@code SlowDown}</td><td>{@code throttled}</td><td>destination</td></tr>
 *   <tr><td>S3 5xx</td><td>{@code server_error}</td><td>destination</td></tr>
 *   <tr><td>S3 403 ({@code AccessDenied}, bad signature or credentials)</td><td>{@code access_denied}</td>
 *       <td>destination</td></tr>
 *   <tr><td>S3 {@code NoSuchBucket}</td><td>{@code no_such_bucket}</td><td>destination</td></tr>
 *   <tr><td>any other S3 4xx</td><td>{@code rejected}</td><td>destination</td></tr>
 *   <tr><td>client or attempt timeout</td><td>{@code timeout}</td><td>destination</td></tr>
 *   <tr><td>DNS, connection refused or reset, other client-side failures</td><td>{@code connection}</td>
 *       <td>destination</td></tr>
 *   <tr><td>any other I/O failure: disk full, {@code EACCES}, the output directory missing or not a directory
 *       </td><td>{@code io}</td><td>destination</td></tr>
 *   <tr><td>anything else (an upload hook's failure included)</td><td>{@code error}</td><td>destination</td></tr>
 * </table>
 */
public final class FailureClassifier {

  static final String ACCESS_DENIED = "access_denied";
  static final String NO_SUCH_BUCKET = "no_such_bucket";
  static final String REJECTED = "rejected";
  static final String ERROR = "error";

  private static final int FORBIDDEN = 403;
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int FIRST_CLIENT_ERROR = 400;
  private static final int FIRST_SERVER_ERROR = 500;

  /** S3 error codes that name something wrong with this one object, by label. */
  private static final Map<String, String> OBJECT_ERROR_CODES = Map.of(
      "KeyTooLongError", "key_too_long",
      "EntityTooLarge", "entity_too_large",
      "InvalidArgument", "invalid_argument",
      "InvalidObjectName", "invalid_key",
      "InvalidKey", "invalid_key",
      "InvalidURI", "invalid_key");

  /** Local file-system reasons (as Java reports errno) that concern the name itself, by label. */
  private static final Map<String, String> NAME_REASONS = Map.of(
      "File name too long", "name_too_long",
      "Invalid argument", "invalid_key",
      "Not a directory", "path_obstacle",
      "Is a directory", "path_obstacle");

  private FailureClassifier() {}

  /** Classifies a failure of a store or an upload hook. */
  public static FailureReason classify(Exception failure) {
    if (failure instanceof SdkServiceException service) {
      return classifyService(service);
    }
    if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
      return FailureReason.destination("timeout", rootMessage(failure));
    }
    if (failure instanceof SdkClientException) {
      return FailureReason.destination("connection", rootMessage(failure));
    }
    if (failure instanceof KeyPathException keyPath) {
      return classifyKeyPath(keyPath);
    }
    if (failure instanceof IOException) {
      return FailureReason.destination("io", rootMessage(failure));
    }
    return FailureReason.destination(ERROR, rootMessage(failure));
  }

  private static FailureReason classifyService(SdkServiceException service) {
    String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
        ? aws.awsErrorDetails().errorCode() : null;
    String detail = "http " + service.statusCode() + (code != null ? " " + code : "") + ": " + service.getMessage();
    if (service.isThrottlingException() || service.statusCode() == TOO_MANY_REQUESTS || "SlowDown".equals(code)) {
      return FailureReason.destination("throttled", detail);
    }
    if (service.statusCode() >= FIRST_SERVER_ERROR) {
      return FailureReason.destination("server_error", detail);
    }
    if (code != null && OBJECT_ERROR_CODES.containsKey(code) && service.statusCode() >= FIRST_CLIENT_ERROR) {
      return FailureReason.file(OBJECT_ERROR_CODES.get(code), detail);
    }
    if (service.statusCode() == FORBIDDEN) {
      return FailureReason.destination(ACCESS_DENIED, detail);
    }
    if ("NoSuchBucket".equals(code)) {
      return FailureReason.destination(NO_SUCH_BUCKET, detail);
    }
    return FailureReason.destination(REJECTED, detail);
  }

  /** The local store reports failures on the key's own path this way; the cause says whether the name is at fault. */
  private static FailureReason classifyKeyPath(KeyPathException keyPath) {
    Throwable cause = keyPath.getCause();
    String detail = keyPath.getMessage();
    if (cause instanceof NotDirectoryException || cause instanceof FileAlreadyExistsException
        || cause instanceof DirectoryNotEmptyException) {
      return FailureReason.file("path_obstacle", detail);
    }
    if (cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null
        && NAME_REASONS.containsKey(fileSystem.getReason())) {
      return FailureReason.file(NAME_REASONS.get(fileSystem.getReason()), detail);
    }
    return FailureReason.destination("io", detail);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(failure.getMessage());
    // An AWS client's failures already name their root cause (io.sluice.loader.aws.FailureNaming).
    return root == failure || message.contains(root.getClass().getSimpleName()) ? message
        : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
