package io.sluice.config;

/**
 * Static AWS credentials for one client. When absent, the SDK's default provider chain is used (environment,
 * profile, instance or task role), which is what production should normally do.
 *
 * @param accessKeyId the access key id (not secret on its own)
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary credentials
 */
public record AwsCredentialsConfig(String accessKeyId, Secret secretAccessKey, Secret sessionToken)
    implements Validatable {

  @Override
  public void validate(String path, Problems problems) {
    problems.require(accessKeyId, ConfigPaths.child(path, "access_key_id"));
    problems.require(secretAccessKey, ConfigPaths.child(path, "secret_access_key"));
  }
}
