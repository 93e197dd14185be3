package io.sluice.testkit.dynamodb;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Handle on the test JVM's DynamoDB Local server, injected by {@link LocalDynamoDbExtension}.
 *
 * <p>The server runs with {@code -sharedDb}, so a client built by the code under test sees the same tables whatever
 * credentials and region it signs with.
 */
public final class LocalDynamoDb {

  private static final Region REGION = Region.US_EAST_1;
  /** DynamoDB Local 2.x refuses access key ids with anything but ASCII letters and digits. */
  private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("sluicelocal", "sluicelocal");

  private final URI endpoint;
  private final DynamoDbClient client;

  LocalDynamoDb(URI endpoint, DynamoDbClient client) {
    this.endpoint = endpoint;
    this.client = client;
  }

  static DynamoDbClient newClient(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** The server's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region clients should sign for; any region works against the shared database. */
  public Region region() {
    return REGION;
  }

  /** Dummy static credentials; DynamoDB Local does not check signatures. */
  public AwsBasicCredentials credentials() {
    return CREDENTIALS;
  }

  /** {@link #credentials()} as a provider, for client builders. */
  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(CREDENTIALS);
  }

  /** A client for this server over HTTP, shared by all tests of the JVM: do not close it. */
  public DynamoDbClient client() {
    return client;
  }
}
