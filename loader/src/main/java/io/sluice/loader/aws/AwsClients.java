package io.sluice.loader.aws;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The one place the AWS clients of the tracker and the loader are built, for the agent, the standalone loader and
 * the admin commands alike, by one rule (see {@link AwsTarget}): region from the section, else
 * {@code tracker.region}, else the SDK's chain; endpoint override and static credentials from the section, else the
 * SDK's defaults. Every client's failures name the service, section, region and endpoint ({@link FailureNaming}).
 * Each call builds a new client, which the caller closes.
 */
public final class AwsClients {

  /** The Lambda's {@code AWS_REGION} default, and so the region in its KMS encryption context. */
  static final String LAMBDA_DEFAULT_REGION = "us-east-1";

  private final TrackerConfig tracker;
  private final LoaderConfig loader;

  /** Clients for {@code tracker} and the loader's {@code s3}, {@code kms} and {@code sns} sections. */
  public AwsClients(TrackerConfig tracker, LoaderConfig loader) {
    this.tracker = tracker;
    this.loader = loader;
  }

  /** Clients for the tracker and loader sections of {@code config}. */
  public static AwsClients of(SluiceConfig config) {
    return new AwsClients(config.tracker(), config.loader());
  }

  /**
   * The tracker's DynamoDB client. The SDK's default retries stay on: they back off on throttling as the Lambda does
   * for ProvisionedThroughputExceeded.
   */
  public DynamoDbClient dynamoDb() {
    AwsTarget target = AwsTarget.of("dynamodb", "tracker", tracker.region(), tracker.endpoint(),
        tracker.credentials(), null);
    return build(configure(DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), target,
        override -> { }), target);
  }

  /** The S3 client of {@code loader.s3}, where manifests are written and loaded files read. */
  public S3Client s3() {
    return s3(AwsTarget.of("s3", "loader.s3", loader.s3(), tracker.region()), loader.s3().pathStyle(),
        override -> { });
  }

  /** The KMS client of {@code loader.kms}, for the secrets of config items. */
  public KmsClient kms() {
    AwsTarget target = AwsTarget.of("kms", "loader.kms", loader.kms(), tracker.region());
    return build(configure(KmsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), target,
        override -> { }), target);
  }

  /** The SNS client of {@code loader.sns}, for load notifications. */
  public SnsClient sns() {
    AwsTarget target = AwsTarget.of("sns", "loader.sns", loader.sns(), tracker.region());
    return build(configure(SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), target,
        override -> { }), target);
  }

  /**
   * The region the Lambda's kmsCrypto puts in the encryption context of config item secrets: {@code loader.kms_region},
   * else {@code loader.kms.region}, else {@code tracker.region}, else the Lambda's default us-east-1.
   */
  public String kmsContextRegion() {
    if (loader.kmsRegion() != null) {
      return loader.kmsRegion();
    }
    if (loader.kms().region() != null) {
      return loader.kms().region();
    }
    return tracker.region() != null ? tracker.region() : LAMBDA_DEFAULT_REGION;
  }

  /**
   * An S3 client for {@code target}, shared with the agent's outputs. Checksums are computed and validated only when
   * an operation requires them: S3-compatible stores often reject the SDK's default trailing CRC32 with aws-chunked
   * bodies (the outputs send Content-MD5 instead).
   *
   * @param overrides further settings of the caller (timeouts, retries); the failure naming stays
   */
  public static S3Client s3(AwsTarget target, boolean pathStyle,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    return build(configure(S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .forcePathStyle(pathStyle)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED), target, overrides), target);
  }

  /** Static credentials from {@code config}, or the SDK's default provider chain when it is absent. */
  public static AwsCredentialsProvider credentials(AwsCredentialsConfig config) {
    if (config == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    AwsCredentials credentials = config.sessionToken() == null
        ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().reveal())
        : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey().reveal(),
            config.sessionToken().reveal());
    return StaticCredentialsProvider.create(credentials);
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsTarget target,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    builder.credentialsProvider(credentials(target.credentials()));
    if (target.region() != null) {
      builder.region(Region.of(target.region()));
    }
    if (target.endpoint() != null) {
      builder.endpointOverride(target.endpoint());
    }
    return builder.overrideConfiguration(override -> {
      overrides.accept(override);
      override.addExecutionInterceptor(new FailureNaming(target));
    });
  }

  /** Builds the client; a region the SDK's chain cannot find either is reported naming the section to set. */
  private static <C extends SdkClient> C build(AwsClientBuilder<?, C> builder, AwsTarget target) {
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw SdkClientException.builder()
          .message(target.describe() + ": " + (target.region() == null
              ? "no region: set " + target.section() + ".region or tracker.region (or AWS_REGION)"
              : FailureNaming.describe(e)))
          .cause(e)
          .build();
    }
  }
}
