package io.sluice.testkit.aws;

import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * What the handles on the local AWS stand-ins share: the endpoint, region and credentials an SDK client needs, and
 * a client for the tests of the JVM.
 *
 * @param <B> the service's client builder
 * @param <C> the service's client
 */
public abstract class LocalAwsService<B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>,
    C extends SdkClient> {

  /** The region every stand-in serves and puts in its ARNs. */
  public static final Region REGION = Region.US_EAST_1;
  /** The account id in the stand-ins' ARNs. */
  public static final String ACCOUNT_ID = "123456789012";

  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final Supplier<B> builders;
  private final C client;

  /**
   * A handle on the stand-in at {@code endpoint}.
   *
   * @param endpoint the server's HTTP endpoint
   * @param builders the service's {@code builder()} method
   * @param accessKeyId the access key id requests are signed with; any will do, as signatures are not verified
   * @param secretAccessKey its secret
   */
  protected LocalAwsService(URI endpoint, Supplier<B> builders, String accessKeyId, String secretAccessKey) {
    this.endpoint = endpoint;
    this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    this.builders = builders;
    this.client = clientBuilder().build();
  }

  /** The server's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public final URI endpoint() {
    return endpoint;
  }

  /** The region in the ARNs the server hands out. */
  public final Region region() {
    return REGION;
  }

  /** Credentials to sign requests with. */
  public final AwsCredentialsProvider credentialsProvider() {
    return credentials;
  }

  /** A client for this server, shared by all tests of the JVM: do not close it. */
  public final C client() {
    return client;
  }

  /** A client builder set up for this server, for tests that need a client of their own; the caller closes it. */
  public final B clientBuilder() {
    return builders.get()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  /** Closes the shared client, when the server stops. */
  protected final void closeClient() {
    client.close();
  }
}
