package io.sluice.loader.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.kms.LocalKms;
import io.sluice.testkit.kms.LocalKmsExtension;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

@ExtendWith(LocalKmsExtension.class)
class KmsSecretCipherTest {

  private LocalKms kms;
  private KmsClient client;

  @BeforeEach
  void setUp(LocalKms kms) {
    this.kms = kms;
    this.client = kms.client();
  }

  @Test
  void encryptedValueDecryptsBackInTheSameRegion() {
    kms.createKeyWithAlias(KmsSecretCipher.KEY_ALIAS);
    KmsSecretCipher cipher = new KmsSecretCipher(client, "eu-west-1", false);

    String stored = cipher.encrypt("Pa55:wörd;'");

    assertThat(stored).isNotEqualTo("Pa55:wörd;'");
    assertThat(Base64.getDecoder().decode(stored)).isNotEmpty();
    assertThat(cipher.decrypt(stored)).isEqualTo("Pa55:wörd;'");
  }

  @Test
  void valueIsEncryptedWithTheLambdasContextSoTheLambdaCanDecryptIt() {
    kms.createKeyWithAlias(KmsSecretCipher.KEY_ALIAS);

    String stored = new KmsSecretCipher(client, "eu-west-1", false).encrypt("secret");

    // What the Lambda's kmsCrypto.decrypt sends (contract 4).
    String decrypted = client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(stored)))
        .encryptionContext(Map.of("module", "AWSLambdaRedshiftLoader", "region", "eu-west-1")))
        .plaintext().asUtf8String();
    assertThat(decrypted).isEqualTo("secret");
  }

  @Test
  void valueEncryptedForAnotherRegionDoesNotDecrypt() {
    kms.createKeyWithAlias(KmsSecretCipher.KEY_ALIAS);
    String stored = new KmsSecretCipher(client, "us-east-1", false).encrypt("hunter2");

    assertThatThrownBy(() -> new KmsSecretCipher(client, "eu-west-1", false).decrypt(stored))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("eu-west-1")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void missingAliasIsCreatedWithTheLambdasDescriptionWhenAllowed() {
    KmsSecretCipher cipher = new KmsSecretCipher(client, "eu-west-1", true);

    String stored = cipher.encrypt("secret");

    KeyMetadata key = client.describeKey(r -> r.keyId(KmsSecretCipher.KEY_ALIAS)).keyMetadata();
    assertThat(key.description()).isEqualTo("Lambda Redshift Loader Master Encryption Key");
    assertThat(cipher.decrypt(stored)).isEqualTo("secret");
    assertThat(cipher.encrypt("again")).isNotEmpty();
    assertThat(client.describeKey(r -> r.keyId(KmsSecretCipher.KEY_ALIAS)).keyMetadata().keyId())
        .isEqualTo(key.keyId());
  }

  @Test
  void missingAliasIsAnErrorWhenCreatingIsNotAllowed() {
    KmsSecretCipher cipher = new KmsSecretCipher(client, "eu-west-1", false);

    assertThatThrownBy(() -> cipher.encrypt("hunter2"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining(KmsSecretCipher.KEY_ALIAS)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> client.describeKey(r -> r.keyId(KmsSecretCipher.KEY_ALIAS)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void legacyByteArrayFormDecrypts() {
    kms.createKeyWithAlias(KmsSecretCipher.KEY_ALIAS);
    KmsSecretCipher cipher = new KmsSecretCipher(client, "eu-west-1", false);
    byte[] ciphertext = Base64.getDecoder().decode(cipher.encrypt("old secret"));
    StringJoiner legacy = new StringJoiner(",", "[", "]");
    for (byte b : ciphertext) {
      legacy.add(Integer.toString(b & 0xff));
    }

    assertThat(cipher.decrypt(legacy.toString())).isEqualTo("old secret");
  }

  @Test
  void valueThatIsNoCiphertextIsAClearError() {
    KmsSecretCipher cipher = new KmsSecretCipher(client, "eu-west-1", false);

    assertThatThrownBy(() -> cipher.decrypt("not base64!")).isInstanceOf(SecretException.class)
        .hasMessageContaining("neither base64 nor a JSON byte array");
    assertThatThrownBy(() -> cipher.decrypt("[1,2,300]")).isInstanceOf(SecretException.class)
        .hasMessageContaining("index 2");
    assertThatThrownBy(() -> cipher.decrypt("c2VjcmV0")).isInstanceOf(SecretException.class);
  }
}
