package io.sluice.testkit.kms;

import io.sluice.testkit.aws.LocalAwsService;
import java.net.URI;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Handle on the test JVM's local KMS stand-in, injected by {@link LocalKmsExtension}.
 *
 * <p>It keeps symmetric keys and aliases in memory; Encrypt seals with AES-GCM under the key's own random AES key,
 * binding the encryption context, so Decrypt with another context fails with {@code InvalidCiphertextException}
 * exactly as KMS does. Requests must be SigV4-signed (any credentials); signatures are not verified.
 */
public final class LocalKms extends LocalAwsService<KmsClientBuilder, KmsClient> {

  private final KmsKeys keys;

  LocalKms(URI endpoint, KmsKeys keys) {
    super(endpoint, KmsClient::builder, "AKIDSLUICELOCALKMS", "sluice-testkit-local-kms-secret");
    this.keys = keys;
  }

  /**
   * Creates a symmetric key and points {@code alias} ({@code alias/<name>}) at it, straight in the server's store;
   * every key and alias is deleted again before the next test.
   *
   * @return the new key's id
   */
  public String createKeyWithAlias(String alias) {
    KmsKeys.Key key = keys.create("created by a test");
    keys.createAlias(alias, key.id());
    return key.id();
  }

  void close() {
    closeClient();
  }
}
