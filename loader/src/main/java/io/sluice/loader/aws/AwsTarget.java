package io.sluice.loader.aws;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.AwsServiceConfig;
import java.net.URI;

/**
 * Where one AWS client connects, after the one region rule: the section's own region, else {@code tracker.region},
 * else (with an endpoint override, which local stand-ins and S3-compatible stores ignore the region of) us-east-1,
 * else none here, so the SDK's chain ({@code AWS_REGION}, the profile, the instance) decides.
 *
 * @param service the service, as messages name it: {@code s3}, {@code dynamodb}, {@code kms}, {@code sns}
 * @param section the config section the settings come from, such as {@code loader.s3}, for messages
 * @param region the region, or null for the SDK's chain
 * @param endpoint the endpoint override, or null for the service's own
 * @param credentials static credentials, or null for the SDK's default provider chain
 */
public record AwsTarget(String service, String section, String region, URI endpoint,
    AwsCredentialsConfig credentials) {

  /** Local stand-ins and S3-compatible stores ignore the region, but SigV4 needs one. */
  static final String ENDPOINT_OVERRIDE_REGION = "us-east-1";

  /**
   * The target of a section with its own {@code region}, {@code endpoint} and {@code credentials}, each optional.
   *
   * @param trackerRegion {@code tracker.region}, the fallback of every other section; may be null
   */
  public static AwsTarget of(String service, String section, String region, URI endpoint,
      AwsCredentialsConfig credentials, String trackerRegion) {
    String chosen = region != null ? region
        : trackerRegion != null ? trackerRegion
        : endpoint != null ? ENDPOINT_OVERRIDE_REGION
        : null;
    return new AwsTarget(service, section, chosen, endpoint, credentials);
  }

  /** The target of an {@link AwsServiceConfig} section such as {@code loader.s3}. */
  public static AwsTarget of(String service, String section, AwsServiceConfig config, String trackerRegion) {
    return of(service, section, config.region(), config.endpoint(), config.credentials(), trackerRegion);
  }

  /** {@code s3 (loader.s3) region=eu-west-1 endpoint=https://s3.example.com}, the start of every error. */
  public String describe() {
    return describe(region, endpoint == null ? null : endpoint.toString());
  }

  /** As {@link #describe()}, with the region and endpoint a request actually used. */
  String describe(String usedRegion, String usedEndpoint) {
    return service + " (" + section + ") region=" + (usedRegion != null ? usedRegion : "<sdk chain>")
        + " endpoint=" + (usedEndpoint != null ? usedEndpoint : "<default>");
  }
}
