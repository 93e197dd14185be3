package io.sluice.loader.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.AwsServiceConfig;
import io.sluice.config.Secret;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class AwsClientsTest {

  private static final AwsCredentialsConfig SOME_KEYS = new AwsCredentialsConfig("AKIDEXAMPLE",
      Secret.of("not-a-secret"), null);

  private static TrackerConfig tracker(String region, URI endpoint) {
    return new TrackerConfig(TrackerMode.EMBEDDED, region, endpoint, null, null, SOME_KEYS, null);
  }

  private static LoaderConfig loader(AwsServiceConfig s3, AwsServiceConfig kms, AwsServiceConfig sns) {
    return new LoaderConfig(null, null, null, null, null, s3, kms, sns, null, null, null);
  }

  private static AwsServiceConfig section(String region, URI endpoint, AwsCredentialsConfig credentials) {
    return new AwsServiceConfig(region, endpoint, true, credentials);
  }

  private static Region regionOf(SdkClient client) {
    try (client) {
      return client.serviceClientConfiguration() instanceof software.amazon.awssdk.awscore.AwsServiceClientConfiguration
          aws ? aws.region() : null;
    }
  }

  @Test
  void dynamoDbClientCreatesTablesAtTheTrackersEndpoint(LocalDynamoDb ddb) {
    TrackerConfig config = new TrackerConfig(TrackerMode.EMBEDDED, null, ddb.endpoint(), null, null,
        new AwsCredentialsConfig("sluicelocal", Secret.of("sluicelocal"), null), null);

    try (DynamoDbClient client = new AwsClients(config, LoaderConfig.NONE).dynamoDb()) {
      new TrackerTables(client, config.tables(), config.billingMode()).createIfMissing();
    }

    assertThat(ddb.client().listTables().tableNames())
        .containsExactlyInAnyOrder("LambdaRedshiftBatchLoadConfig", "LambdaRedshiftBatches",
            "LambdaRedshiftProcessedFiles");
  }

  @Test
  void aSectionsOwnRegionWins() {
    AwsServiceConfig own = section("ap-south-1", null, SOME_KEYS);
    AwsClients clients = new AwsClients(tracker("eu-west-1", null), loader(own, own, own));

    assertThat(regionOf(clients.s3())).isEqualTo(Region.AP_SOUTH_1);
    assertThat(regionOf(clients.kms())).isEqualTo(Region.AP_SOUTH_1);
    assertThat(regionOf(clients.sns())).isEqualTo(Region.AP_SOUTH_1);
    assertThat(regionOf(clients.dynamoDb())).isEqualTo(Region.EU_WEST_1);
  }

  @Test
  void withoutARegionOfItsOwnASectionTakesTheTrackersEvenWithAnEndpointOverride() {
    AwsServiceConfig none = section(null, URI.create("http://127.0.0.1:9"), SOME_KEYS);
    AwsClients clients = new AwsClients(tracker("eu-west-1", null), loader(none, none, none));

    assertThat(regionOf(clients.s3())).isEqualTo(Region.EU_WEST_1);
    assertThat(regionOf(clients.kms())).isEqualTo(Region.EU_WEST_1);
    assertThat(regionOf(clients.sns())).isEqualTo(Region.EU_WEST_1);
  }

  @Test
  void withoutAnyRegionAnEndpointOverrideGetsUsEast1() {
    AwsServiceConfig none = section(null, URI.create("http://127.0.0.1:9"), SOME_KEYS);
    AwsClients clients = new AwsClients(tracker(null, URI.create("http://127.0.0.1:9")), loader(none, none, none));

    assertThat(regionOf(clients.s3())).isEqualTo(Region.US_EAST_1);
    assertThat(regionOf(clients.dynamoDb())).isEqualTo(Region.US_EAST_1);
  }

  @Test
  void withoutAnyRegionOrEndpointTheSdkChainDecides() {
    AwsClients clients = new AwsClients(tracker(null, null), loader(section(null, null, SOME_KEYS),
        AwsServiceConfig.DEFAULT, AwsServiceConfig.DEFAULT));

    // The chain reads the aws.region system property before the environment and the profile.
    Region region = withSystemProperties(Map.of("aws.region", "sa-east-1"), () -> regionOf(clients.s3()));

    assertThat(region).isEqualTo(Region.SA_EAST_1);
  }

  @Test
  void aRegionNobodyGivesIsReportedNamingTheSectionToSet() {
    assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
        "the machine's environment names a region");
    AwsClients clients = new AwsClients(tracker(null, null), loader(section(null, null, SOME_KEYS),
        AwsServiceConfig.DEFAULT, AwsServiceConfig.DEFAULT));

    SdkClientException failure = withSystemProperties(Map.of("aws.configFile", "/nonexistent/aws-config",
        "aws.disableEc2Metadata", "true"), () -> catchThrowableOfType(SdkClientException.class, clients::s3));

    assertThat(failure).hasMessage("s3 (loader.s3) region=<sdk chain> endpoint=<default>: no region: set"
        + " loader.s3.region or tracker.region (or AWS_REGION)");
  }

  @Test
  void anUnreachableEndpointIsReportedInOneLineNamingServiceRegionAndEndpoint() throws IOException {
    URI closed = closedPort();
    AwsClients clients = new AwsClients(tracker("eu-west-1", null),
        loader(section(null, closed, SOME_KEYS), AwsServiceConfig.DEFAULT, AwsServiceConfig.DEFAULT));

    SdkClientException failure;
    try (S3Client s3 = clients.s3()) {
      failure = catchThrowableOfType(SdkClientException.class, () -> s3.headBucket(r -> r.bucket("manifests")));
    }

    assertThat(failure.getMessage())
        .startsWith("s3 (loader.s3) region=eu-west-1 endpoint=" + closed + ": HttpHostConnectException: ")
        .contains("Connection refused")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownHostIsNamedWithoutVerboseOutput() {
    URI unknown = URI.create("http://sluice-no-such-host.invalid:9000");
    AwsClients clients = new AwsClients(tracker("eu-west-1", null),
        loader(section(null, unknown, SOME_KEYS), AwsServiceConfig.DEFAULT, AwsServiceConfig.DEFAULT));

    SdkClientException failure;
    try (S3Client s3 = clients.s3()) {
      failure = catchThrowableOfType(SdkClientException.class, () -> s3.headBucket(r -> r.bucket("manifests")));
    }

    assertThat(failure.getMessage()).startsWith("s3 (loader.s3) region=eu-west-1"
        + " endpoint=http://sluice-no-such-host.invalid:9000: UnknownHostException");
  }

  @Test
  void accessDeniedKeepsItsTypeAndStatusAndNamesTheService(LocalS3 s3) {
    s3.createBucket("manifests");
    AwsCredentialsConfig wrong = new AwsCredentialsConfig(s3.accessKeyId(), Secret.of("wrong-secret"), null);
    AwsClients clients = new AwsClients(tracker(null, null),
        loader(section(null, s3.endpoint(), wrong), AwsServiceConfig.DEFAULT, AwsServiceConfig.DEFAULT));

    S3Exception failure;
    try (S3Client client = clients.s3()) {
      failure = catchThrowableOfType(S3Exception.class, () -> client.listObjectsV2(r -> r.bucket("manifests")));
    }

    assertThat(failure.statusCode()).isEqualTo(403);
    assertThat(failure.awsErrorDetails().errorCode()).isNotBlank();
    assertThat(failure.getMessage()).startsWith("s3 (loader.s3) region=us-east-1 endpoint=" + s3.endpoint() + ": ")
        .contains("Status Code: 403");
  }

  private static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  /** Runs {@code action} with {@code properties} set, restoring what they were. */
  private static <T> T withSystemProperties(Map<String, String> properties,
      java.util.function.Supplier<T> action) {
    Map<String, String> before = new HashMap<>();
    properties.keySet().forEach(key -> before.put(key, System.getProperty(key)));
    properties.forEach(System::setProperty);
    try {
      return action.get();
    } finally {
      before.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
    }
  }
}
