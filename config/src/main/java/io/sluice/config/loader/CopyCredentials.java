package io.sluice.config.loader;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Secret;
import io.sluice.config.Validatable;

/**
 * How Redshift authenticates to S3 during COPY: an IAM role attached to the cluster, or a key pair (the Lambda's
 * {@code accessKeyForS3}/{@code secretKeyForS3}). Without this, the loader passes its own credentials.
 *
 * @param iamRole the ARN of a role attached to the cluster ({@code IAM_ROLE '<arn>'})
 * @param accessKeyId the access key id of a key pair
 * @param secretAccessKey the secret of that key pair
 * @param masterSymmetricKey the client-side encryption key of encrypted files ({@code ENCRYPTED})
 */
public record CopyCredentials(String iamRole, String accessKeyId, Secret secretAccessKey, Secret masterSymmetricKey)
    implements Validatable {

  @Override
  public void validate(String path, Problems problems) {
    boolean keyPair = accessKeyId != null || secretAccessKey != null;
    if (iamRole != null) {
      problems.check(iamRole.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"),
          ConfigPaths.child(path, "iam_role"), "expected an IAM role ARN, got \"" + iamRole + "\"");
      problems.check(!keyPair, path, "give iam_role or a key pair, not both");
    } else if (keyPair) {
      problems.require(accessKeyId, ConfigPaths.child(path, "access_key_id"));
      problems.require(secretAccessKey, ConfigPaths.child(path, "secret_access_key"));
    } else {
      problems.add(path, "give iam_role or access_key_id with secret_access_key");
    }
  }
}
