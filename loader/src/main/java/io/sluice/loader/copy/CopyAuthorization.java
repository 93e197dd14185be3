package io.sluice.loader.copy;

import io.sluice.config.loader.CopyCredentials;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The credentials clause of COPY (contract 3.3, plus IAM_ROLE beyond the Lambda). */
public final class CopyAuthorization {

  private static final String REDACTED = "'***'";

  private final String sql;
  private final String redactedSql;
  private final boolean encrypted;
  private final List<String> secrets;

  private CopyAuthorization(String sql, String redactedSql, boolean encrypted, List<String> secrets) {
    this.sql = sql;
    this.redactedSql = redactedSql;
    this.encrypted = encrypted;
    this.secrets = List.copyOf(secrets);
  }

  /**
   * IAM_ROLE '<arn>' when copyCredentials.iamRole is set; else CREDENTIALS
   * 'aws_access_key_id=..;aws_secret_access_key=..[;token=..][;master_symmetric_key=..]' from the configured key
   * pair or, when copyCredentials is null, from `process` (resolveCredentials(), session token included).
   *
   * @param copyCredentials the configured role or key pair, or null for the process's own credentials
   * @param process the process's credentials, resolved now; used only without a configured role or key pair
   * @param decryptedSecretKeyOrNull the key pair's secret when it comes decrypted from the config item
   *     ({@code secretKeyForS3}); else {@code copyCredentials.secretAccessKey()}
   * @param masterSymmetricKeyOrNull the decrypted client-side encryption key ({@code masterSymmetricKey}); else
   *     {@code copyCredentials.masterSymmetricKey()}; with a key, COPY reads the files as {@code ENCRYPTED}
   * @throws IllegalArgumentException when a key pair lacks its secret, or a value holds a character that could
   *     break out of the clause (the message never holds the value)
   */
  public static CopyAuthorization of(CopyCredentials copyCredentials, AwsCredentialsProvider process,
      String decryptedSecretKeyOrNull, String masterSymmetricKeyOrNull) {
    String masterKey = masterSymmetricKeyOrNull != null ? masterSymmetricKeyOrNull
        : copyCredentials != null && copyCredentials.masterSymmetricKey() != null
            ? copyCredentials.masterSymmetricKey().reveal() : null;
    if (copyCredentials != null && copyCredentials.iamRole() != null) {
      String role = "IAM_ROLE " + SqlText.literal("the COPY IAM role", copyCredentials.iamRole());
      if (masterKey == null) {
        return new CopyAuthorization(role, role, false, List.of());
      }
      return new CopyAuthorization(
          role + " MASTER_SYMMETRIC_KEY " + SqlText.literal("the master symmetric key", masterKey),
          role + " MASTER_SYMMETRIC_KEY " + REDACTED, true, List.of(masterKey));
    }
    List<String> secrets = new ArrayList<>();
    StringBuilder credentials = new StringBuilder();
    if (copyCredentials != null && copyCredentials.accessKeyId() != null) {
      String secret = decryptedSecretKeyOrNull != null ? decryptedSecretKeyOrNull
          : copyCredentials.secretAccessKey() != null ? copyCredentials.secretAccessKey().reveal() : null;
      if (secret == null) {
        throw new IllegalArgumentException("the COPY key pair " + copyCredentials.accessKeyId() + " has no secret");
      }
      credentials.append(part("aws_access_key_id", copyCredentials.accessKeyId()))
          .append(';').append(part("aws_secret_access_key", secret));
      secrets.add(secret);
    } else {
      AwsCredentials own = process.resolveCredentials();
      credentials.append(part("aws_access_key_id", own.accessKeyId()))
          .append(';').append(part("aws_secret_access_key", own.secretAccessKey()));
      secrets.add(own.secretAccessKey());
      if (own instanceof AwsSessionCredentials session) {
        credentials.append(';').append(part("token", session.sessionToken()));
        secrets.add(session.sessionToken());
      }
    }
    if (masterKey != null) {
      credentials.append(';').append(part("master_symmetric_key", masterKey));
      secrets.add(masterKey);
    }
    return new CopyAuthorization("CREDENTIALS " + SqlText.literal("the COPY credentials", credentials.toString()),
        "CREDENTIALS " + REDACTED, masterKey != null, secrets);
  }

  /** Redshift splits the credentials string at ';', so no part may hold one. */
  private static String part(String name, String value) {
    if (value == null || value.isEmpty() || value.indexOf(';') >= 0) {
      throw new IllegalArgumentException("the COPY credentials' " + name + " is empty or holds a ';'");
    }
    return name + "=" + value;
  }

  /** The clause, secrets included: for the COPY statement only. */
  public String sql() {
    return sql;
  }

  /** The clause with every secret replaced by {@code '***'}. */
  public String redactedSql() {
    return redactedSql;
  }

  /** Whether a master symmetric key is given, so the files are client-side encrypted. */
  public boolean encrypted() {
    return encrypted;
  }

  /** {@code text} with every secret of this clause replaced by {@code ***}, for server messages that echo SQL. */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (String secret : secrets) {
      redacted = redacted.replace(secret, "***");
    }
    return redacted;
  }

  /** Redacted: never reveals secrets in logs. */
  @Override
  public String toString() {
    return "CopyAuthorization[" + redactedSql + "]";
  }
}
