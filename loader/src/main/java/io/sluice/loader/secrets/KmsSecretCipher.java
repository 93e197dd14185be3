package io.sluice.loader.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * KMS with the Lambda's alias and encryption context (contract 4): values it encrypts decrypt in the Lambda and
 * its admin tools, and the reverse.
 */
public final class KmsSecretCipher implements SecretCipher {

  /** The key every Lambda loader secret is encrypted with. */
  public static final String KEY_ALIAS = "alias/LambdaRedshiftLoaderKey";

  /** What the Lambda's setup names a key it creates. */
  static final String KEY_DESCRIPTION = "Lambda Redshift Loader Master Encryption Key";

  private static final Logger LOG = LoggerFactory.getLogger(KmsSecretCipher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KmsClient kms;
  private final Map<String, String> context;
  private final boolean createKeyIfMissing;

  /**
   * @param kms the client; the caller owns and closes it
   * @param region the region in the encryption context (the Lambda's {@code AWS_REGION}), which need not be the
   *     client's
   * @param createKeyIfMissing whether {@link #encrypt} creates the key and its alias when the alias is missing, as
   *     the Lambda's setup does
   */
  public KmsSecretCipher(KmsClient kms, String region, boolean createKeyIfMissing) {
    this.kms = Objects.requireNonNull(kms, "kms");
    this.context = Map.of("module", "AWSLambdaRedshiftLoader", "region", Objects.requireNonNull(region, "region"));
    this.createKeyIfMissing = createKeyIfMissing;
  }

  /**
   * Encrypts under {@link #KEY_ALIAS} with the Lambda's encryption context.
   *
   * @throws SecretException when the alias is missing (and may not be created) or KMS fails
   */
  @Override
  public String encrypt(String plaintext) {
    ensureKey();
    try {
      SdkBytes ciphertext = kms.encrypt(r -> r.keyId(KEY_ALIAS).encryptionContext(context)
          .plaintext(SdkBytes.fromUtf8String(plaintext))).ciphertextBlob();
      return Base64.getEncoder().encodeToString(ciphertext.asByteArray());
    } catch (SdkException e) {
      throw new SecretException("KMS could not encrypt with " + KEY_ALIAS + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts a config item's value: base64 of the ciphertext, or the legacy {@code [12,34,…]} byte array.
   *
   * @throws SecretException when the value is neither, or KMS refuses it (another key or another region's context)
   */
  @Override
  public String decrypt(String storedCiphertext) {
    byte[] ciphertext = ciphertextBytes(storedCiphertext);
    try {
      SdkBytes plaintext = kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
          .encryptionContext(context)).plaintext();
      return plaintext.asUtf8String();
    } catch (InvalidCiphertextException e) {
      throw new SecretException("KMS refused the ciphertext: it was not encrypted by KMS for the region \""
          + context.get("region") + "\" in its encryption context (kms_region), or was changed", e);
    } catch (SdkException e) {
      throw new SecretException("KMS could not decrypt: " + e.getMessage(), e);
    }
  }

  private void ensureKey() {
    try {
      kms.describeKey(r -> r.keyId(KEY_ALIAS));
      return;
    } catch (NotFoundException e) {
      if (!createKeyIfMissing) {
        throw new SecretException("KMS key alias " + KEY_ALIAS + " does not exist; create it, or let setup create it",
            e);
      }
    } catch (SdkException e) {
      throw new SecretException("KMS could not describe " + KEY_ALIAS + ": " + e.getMessage(), e);
    }
    try {
      String keyId = kms.createKey(r -> r.description(KEY_DESCRIPTION)).keyMetadata().keyId();
      try {
        kms.createAlias(r -> r.aliasName(KEY_ALIAS).targetKeyId(keyId));
        LOG.info("Created KMS key {} with alias {}", keyId, KEY_ALIAS);
      } catch (AlreadyExistsException raced) {
        // Someone created the alias meanwhile; theirs is used, and the key just created stays unused.
        LOG.warn("KMS alias {} appeared while creating it; key {} is unused and may be scheduled for deletion",
            KEY_ALIAS, keyId);
      }
    } catch (SdkException e) {
      throw new SecretException("KMS could not create the key " + KEY_ALIAS + ": " + e.getMessage(), e);
    }
  }

  /** Base64, or the JSON byte array of loader versions before about 2.4 (contract 4). */
  private static byte[] ciphertextBytes(String stored) {
    if (stored == null || stored.isBlank()) {
      throw new SecretException("no ciphertext given");
    }
    String value = stored.strip();
    if (value.startsWith("[")) {
      return legacyBytes(value);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new SecretException("the ciphertext is neither base64 nor a JSON byte array", e);
    }
  }

  private static byte[] legacyBytes(String value) {
    JsonNode array;
    try {
      array = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new SecretException("the legacy ciphertext is not a JSON array", e);
    }
    byte[] bytes = new byte[array.size()];
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      if (!element.isInt() || element.asInt() < 0 || element.asInt() > 255) {
        throw new SecretException("the legacy ciphertext holds a value other than a byte at index " + i);
      }
      bytes[i] = (byte) element.asInt();
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "KmsSecretCipher[" + KEY_ALIAS + ", region " + context.get("region") + "]";
  }
}
