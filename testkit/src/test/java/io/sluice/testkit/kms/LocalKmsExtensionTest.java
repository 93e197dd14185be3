package io.sluice.testkit.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The KMS stand-in, driven through the SDK's real KmsClient. */
@ExtendWith(LocalKmsExtension.class)
class LocalKmsExtensionTest {

  private static final Map<String, String> CONTEXT = Map.of("module", "AWSLambdaRedshiftLoader", "region", "eu-west-1");

  private LocalKms kms;
  private KmsClient client;

  @BeforeEach
  void setUp(LocalKms kms) {
    this.kms = kms;
    this.client = kms.client();
  }

  private EncryptResponse encrypt(String keyId, String plaintext, Map<String, String> context) {
    return client.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext))
        .encryptionContext(context));
  }

  @Test
  void createdKeyIsDescribedByIdAndByTheAliasPointingAtIt() {
    KeyMetadata created = client.createKey(r -> r.description("Lambda Redshift Loader Master Encryption Key"))
        .keyMetadata();
    client.createAlias(r -> r.aliasName("alias/LambdaRedshiftLoaderKey").targetKeyId(created.keyId()));

    KeyMetadata byAlias = client.describeKey(r -> r.keyId("alias/LambdaRedshiftLoaderKey")).keyMetadata();

    assertThat(byAlias.keyId()).isEqualTo(created.keyId());
    assertThat(byAlias.arn()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/" + created.keyId());
    assertThat(byAlias.description()).isEqualTo("Lambda Redshift Loader Master Encryption Key");
    assertThat(byAlias.enabled()).isTrue();
    assertThat(byAlias.creationDate()).isNotNull();
    assertThat(client.describeKey(r -> r.keyId(created.arn())).keyMetadata().keyId()).isEqualTo(created.keyId());
  }

  @Test
  void missingAliasIsNotFound() {
    assertThatThrownBy(() -> client.describeKey(r -> r.keyId("alias/LambdaRedshiftLoaderKey")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("alias/LambdaRedshiftLoaderKey is not found");
  }

  @Test
  void aliasCannotBeCreatedTwice() {
    kms.createKeyWithAlias("alias/taken");
    String other = client.createKey(r -> r.description("other")).keyMetadata().keyId();

    assertThatThrownBy(() -> client.createAlias(r -> r.aliasName("alias/taken").targetKeyId(other)))
        .isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void decryptWithTheSameContextReturnsThePlaintextAndTheKey() {
    String keyId = kms.createKeyWithAlias("alias/app");
    EncryptResponse encrypted = encrypt("alias/app", "pässwörd", CONTEXT);

    DecryptResponse decrypted = client.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
        .encryptionContext(Map.of("region", "eu-west-1", "module", "AWSLambdaRedshiftLoader")));

    assertThat(encrypted.keyId()).endsWith(":key/" + keyId);
    assertThat(encrypted.ciphertextBlob().asString(StandardCharsets.ISO_8859_1))
        .doesNotContain(new String("pässwörd".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    assertThat(decrypted.plaintext().asString(StandardCharsets.UTF_8)).isEqualTo("pässwörd");
    assertThat(decrypted.keyId()).isEqualTo(encrypted.keyId());
  }

  @Test
  void decryptWithAnotherContextFailsAsKmsDoes() {
    kms.createKeyWithAlias("alias/app");
    SdkBytes ciphertext = encrypt("alias/app", "secret", CONTEXT).ciphertextBlob();

    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(ciphertext)
        .encryptionContext(Map.of("module", "AWSLambdaRedshiftLoader", "region", "us-east-1"))))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(ciphertext)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void tamperedOrForeignCiphertextIsInvalid() {
    kms.createKeyWithAlias("alias/app");
    byte[] ciphertext = encrypt("alias/app", "secret", CONTEXT).ciphertextBlob().asByteArray();
    ciphertext[ciphertext.length - 1] ^= 1;

    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
        .encryptionContext(CONTEXT))).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("not a ciphertext"))))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void decryptNamingAnotherKeyIsRefused() {
    kms.createKeyWithAlias("alias/app");
    String otherKey = kms.createKeyWithAlias("alias/other");
    SdkBytes ciphertext = encrypt("alias/app", "secret", CONTEXT).ciphertextBlob();

    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(CONTEXT)
        .keyId(otherKey))).isInstanceOf(IncorrectKeyException.class);
  }

  @Test
  void encryptWithAnUnknownKeyIsNotFound() {
    assertThatThrownBy(() -> encrypt("alias/nobody", "secret", CONTEXT))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void unsignedRequestIsRefused() {
    try (KmsClient anonymous = kms.clientBuilder().credentialsProvider(AnonymousCredentialsProvider.create())
        .build()) {
      assertThatThrownBy(() -> anonymous.describeKey(r -> r.keyId("alias/app")))
          .isInstanceOf(KmsException.class)
          .hasMessageContaining("Missing Authentication Token");
    }
  }
}
