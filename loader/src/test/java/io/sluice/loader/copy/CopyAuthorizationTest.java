package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.Secret;
import io.sluice.config.loader.CopyCredentials;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class CopyAuthorizationTest {

  private static final String ROLE = "arn:aws:iam::123456789012:role/redshift-copy";
  private static final AwsCredentialsProvider SESSION = StaticCredentialsProvider.create(
      AwsSessionCredentials.create("ASIAPROCESS", "process-secret", "process-token"));
  private static final AwsCredentialsProvider NO_PROCESS_CREDENTIALS = () -> {
    throw new AssertionError("the process's credentials must not be asked for");
  };

  @Test
  void iamRoleIsUsedWhenConfigured() {
    CopyAuthorization auth = CopyAuthorization.of(new CopyCredentials(ROLE, null, null, null),
        NO_PROCESS_CREDENTIALS, null, null);

    assertThat(auth.sql()).isEqualTo("IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy'");
    assertThat(auth.encrypted()).isFalse();
  }

  @Test
  void iamRoleWithAMasterKeyNamesItAsAParameter() {
    CopyAuthorization auth = CopyAuthorization.of(new CopyCredentials(ROLE, null, null, Secret.of("bWFzdGVy")),
        NO_PROCESS_CREDENTIALS, null, null);

    assertThat(auth.sql()).isEqualTo(
        "IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy' MASTER_SYMMETRIC_KEY 'bWFzdGVy'");
    assertThat(auth.encrypted()).isTrue();
    assertThat(auth.redactedSql()).isEqualTo(
        "IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy' MASTER_SYMMETRIC_KEY '***'");
  }

  @Test
  void configuredKeyPairHasNoToken() {
    CopyAuthorization auth = CopyAuthorization.of(new CopyCredentials(null, "AKIACONFIG", Secret.of("config-secret"),
        null), NO_PROCESS_CREDENTIALS, null, null);

    assertThat(auth.sql()).isEqualTo("CREDENTIALS 'aws_access_key_id=AKIACONFIG;aws_secret_access_key=config-secret'");
  }

  @Test
  void decryptedSecretOfTheConfigItemIsPreferred() {
    CopyAuthorization auth = CopyAuthorization.of(new CopyCredentials(null, "AKIACONFIG", null, null),
        NO_PROCESS_CREDENTIALS, "decrypted/secret+key", "bWFzdGVy");

    assertThat(auth.sql()).isEqualTo("CREDENTIALS 'aws_access_key_id=AKIACONFIG;"
        + "aws_secret_access_key=decrypted/secret+key;master_symmetric_key=bWFzdGVy'");
    assertThat(auth.encrypted()).isTrue();
  }

  @Test
  void processCredentialsCarryTheirSessionToken() {
    CopyAuthorization auth = CopyAuthorization.of(null, SESSION, null, null);

    assertThat(auth.sql()).isEqualTo(
        "CREDENTIALS 'aws_access_key_id=ASIAPROCESS;aws_secret_access_key=process-secret;token=process-token'");
  }

  @Test
  void processCredentialsWithoutSessionHaveNoToken() {
    CopyAuthorization auth = CopyAuthorization.of(null,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPROCESS", "process-secret")), null, null);

    assertThat(auth.sql()).isEqualTo("CREDENTIALS 'aws_access_key_id=AKIAPROCESS;aws_secret_access_key=process-secret'");
  }

  @Test
  void toStringAndRedactedSqlRevealNoSecret() {
    CopyAuthorization auth = CopyAuthorization.of(null, SESSION, null, "master-key");

    assertThat(auth.toString()).isEqualTo("CopyAuthorization[CREDENTIALS '***']");
    assertThat(auth.redactedSql()).isEqualTo("CREDENTIALS '***'");
    assertThat(auth.redact("near 'process-secret;token=process-token;master_symmetric_key=master-key'"))
        .isEqualTo("near '***;token=***;master_symmetric_key=***'");
  }

  @Test
  void keyPairWithoutSecretIsRefused() {
    assertThatThrownBy(() -> CopyAuthorization.of(new CopyCredentials(null, "AKIACONFIG", null, null),
        NO_PROCESS_CREDENTIALS, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AKIACONFIG has no secret");
  }

  @Test
  void secretThatCouldBreakTheClauseIsRefusedWithoutBeingShown() {
    assertThatThrownBy(() -> CopyAuthorization.of(new CopyCredentials(null, "AKIA", Secret.of("x;token=evil"), null),
        NO_PROCESS_CREDENTIALS, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("evil");
    assertThatThrownBy(() -> CopyAuthorization.of(new CopyCredentials(null, "AKIA", Secret.of("tail\\"), null),
        NO_PROCESS_CREDENTIALS, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("tail");
    assertThatThrownBy(() -> CopyAuthorization.of(new CopyCredentials(null, "AKIA", Secret.of("two\nlines"), null),
        NO_PROCESS_CREDENTIALS, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("lines");
  }

  @Test
  void quoteInAValueIsDoubled() {
    CopyAuthorization auth = CopyAuthorization.of(new CopyCredentials(null, "AKIA", Secret.of("it's"), null),
        NO_PROCESS_CREDENTIALS, null, null);

    assertThat(auth.sql()).isEqualTo("CREDENTIALS 'aws_access_key_id=AKIA;aws_secret_access_key=it''s'");
  }
}
