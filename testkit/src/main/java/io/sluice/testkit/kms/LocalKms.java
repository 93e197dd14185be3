package io.sluice.testkit.kms;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Handle on the test JVM's local KMS stand-in, injected by {@link LocalKmsExtension}.
 *
 * <p>It keeps symmetric keys and aliases in memory; Encrypt seals with AES-GCM under the key's own random AES key,
 * binding the encryption context, so Decrypt with another context fails with {@code InvalidCiphertextException}
 * exactly as KMS does. Requests must be SigV4-signed (any credentials); signatures are not verified.
 */
public final class LocalKms {

  static final Region REGION = Region.US_EAST_1;
  static final String ACCOUNT_ID = "123456789012";

  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDSLUICELOCALKMS", "sluice-testkit-local-kms-secret");

  private final URI endpoint;
  private final KmsKeys keys;
  private final KmsClient client;

  LocalKms(URI endpoint, KmsKeys keys) {
    this.endpoint = endpoint;
    this.keys = keys;
    this.client = clientBuilder().build();
  }

  /** The server's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region in the ARNs the server hands out. */
  public Region region() {
    return REGION;
  }

  /** Credentials to sign requests with. */
  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(CREDENTIALS);
  }

  /** A client for this server, shared by all tests of the JVM: do not close it. */
  public KmsClient client() {
    return client;
  }

  /** A client builder set up for this server, for tests that need a client of their own; the caller closes it. */
  public KmsClientBuilder clientBuilder() {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentialsProvider())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
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
    client.close();
  }
}
