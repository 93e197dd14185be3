package io.sluice.config;

import java.net.URI;

/**
 * Where one AWS service is reached: region, endpoint override and credentials, each optional.
 *
 * @param region the region; the SDK's default region chain when absent
 * @param endpoint an endpoint override (a local stand-in, a VPC endpoint, an S3-compatible store)
 * @param pathStyle path-style S3 addressing, which most S3-compatible stores need (S3 only)
 * @param credentials static credentials; the SDK's default provider chain when absent
 */
public record AwsServiceConfig(String region, URI endpoint, Boolean pathStyle, AwsCredentialsConfig credentials)
    implements Validatable {

  /** The SDK's defaults for everything. */
  public static final AwsServiceConfig DEFAULT = new AwsServiceConfig(null, null, null, null);

  public AwsServiceConfig {
    pathStyle = pathStyle != null ? pathStyle : Boolean.FALSE;
  }

  @Override
  public void validate(String path, Problems problems) {
    if (endpoint != null) {
      problems.check(endpoint.getScheme() != null && endpoint.getHost() != null, ConfigPaths.child(path, "endpoint"),
          "expected a URL such as http://127.0.0.1:9000, got \"" + endpoint + "\"");
    }
    Validatable.validateChild(credentials, ConfigPaths.child(path, "credentials"), problems);
  }
}
