package io.sluice.testkit.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Handle on the test JVM's S3Proxy server, injected by {@link LocalS3Extension}.
 *
 * <p>The server checks SigV2/SigV4 signatures, so clients must sign with {@link #accessKeyId()} and
 * {@link #secretAccessKey()}; it only supports path-style addressing on its loopback endpoint.
 */
public final class LocalS3 {

  static final Region REGION = Region.US_EAST_1;

  private final URI endpoint;
  private final AwsBasicCredentials credentials;
  private final S3Client client;

  LocalS3(URI endpoint, AwsBasicCredentials credentials) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.client = clientBuilder().build();
  }

  /** The server's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region the server was started for. */
  public Region region() {
    return REGION;
  }

  /** The only access key id the server accepts. */
  public String accessKeyId() {
    return credentials.accessKeyId();
  }

  /** The secret the server verifies signatures with. */
  public String secretAccessKey() {
    return credentials.secretAccessKey();
  }

  /** Credentials the server accepts, as a provider for client builders. */
  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(credentials);
  }

  /** A client for this server, shared by all tests of the JVM: do not close it. */
  public S3Client client() {
    return client;
  }

  /**
   * A client builder already set up for this server (endpoint, region, path-style, credentials, URL-connection HTTP
   * client), for tests that need a client of their own; the caller closes what it builds.
   */
  public S3ClientBuilder clientBuilder() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .forcePathStyle(true)
        .credentialsProvider(credentialsProvider())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  /** Creates a bucket; every bucket is deleted again before the next test. */
  public void createBucket(String name) {
    client.createBucket(request -> request.bucket(name));
  }

  void close() {
    client.close();
  }
}
