package io.sluice.loader.secrets;

/**
 * Encrypts and decrypts the secrets a config item holds ({@code connectPassword}, {@code secretKeyForS3},
 * {@code masterSymmetricKey}) in the Lambda loader's format: base64 of a KMS ciphertext.
 */
public interface SecretCipher {

  /** The base64 ciphertext of {@code plaintext}, as the config item stores it. */
  String encrypt(String plaintext);

  /** The plaintext of a base64 ciphertext from a config item. */
  String decrypt(String base64Ciphertext);
}
