package io.sluice.loader.aws;

import java.net.URI;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Puts the service, config section, region and endpoint in front of every failure of one client, so a single line
 * says which dependency failed and where it was looked for: {@code s3 (loader.s3) region=eu-west-1
 * endpoint=https://s3.example.com: UnknownHostException: s3.example.com}. The exception keeps its class, cause and
 * error details, so callers tell failures apart as before.
 */
final class FailureNaming implements ExecutionInterceptor {

  private final AwsTarget target;

  FailureNaming(AwsTarget target) {
    this.target = target;
  }

  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable failure = context.exception();
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    String where = target.describe(region != null ? region.id() : target.region(),
        context.httpRequest().map(FailureNaming::endpointOf)
            .orElse(target.endpoint() != null ? target.endpoint().toString() : null));
    if (failure instanceof AwsServiceException service) {
      AwsErrorDetails details = service.awsErrorDetails();
      String message = details != null && details.errorMessage() != null ? details.errorMessage()
          : service.getMessage();
      return keepTrace(service.toBuilder().message(where + ": " + message).build(), service);
    }
    if (failure instanceof SdkClientException client) {
      SdkClientException.Builder named = client.toBuilder().message(where + ": " + describe(client));
      if (causedBy(client, UnknownHostException.class)) {
        // The SDK's own interceptor, which runs after this one, would otherwise wrap the named failure in a
        // paragraph that names no host. The original stays attached, as a suppressed exception.
        Throwable renamed = keepTrace(named.cause(null).build(), client);
        renamed.addSuppressed(client);
        return renamed;
      }
      return keepTrace(named.build(), client);
    }
    return failure;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable keepTrace(Throwable renamed, Throwable original) {
    renamed.setStackTrace(original.getStackTrace());
    for (Throwable suppressed : original.getSuppressed()) {
      renamed.addSuppressed(suppressed);
    }
    return renamed;
  }

  /**
   * The root cause's class, then the exception's own message (without the attempt count the SDK appends, since the
   * renamed exception appends it again), and the root's message when that one does not contain it.
   */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure instanceof SdkClientException client && client.toBuilder().message() != null
        ? client.toBuilder().message() : String.valueOf(failure.getMessage());
    if (root == failure) {
      return message;
    }
    String name = root.getClass().getSimpleName();
    return root.getMessage() == null || message.contains(root.getMessage())
        ? name + ": " + message
        : name + ": " + root.getMessage() + " (" + message + ")";
  }

  private static String endpointOf(SdkHttpRequest request) {
    URI uri = request.getUri();
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
