package io.sluice.agent.output.s3;

import io.sluice.config.output.OutputConfig;
import io.sluice.loader.aws.AwsClients;
import io.sluice.loader.aws.AwsTarget;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client of an {@code s3} output from its config, by the loader's rule ({@link AwsClients}). */
public final class S3Clients {

  private S3Clients() {}

  /** As {@link #create(OutputConfig, String)}, without a tracker region to fall back on. */
  public static S3Client create(OutputConfig config) {
    return create(config, null);
  }

  /**
   * A client for {@code config}: its region (else {@code trackerRegion}, else us-east-1 with an endpoint override,
   * else the SDK's region chain), endpoint, path-style flag and static credentials (the SDK's default chain when
   * absent), with {@link AwsClients#s3}'s checksum settings and failure naming.
   *
   * <p>The SDK does not retry: the uploader does, logging retries with their reason. Each request is bounded by
   * {@code request_timeout}, from the first byte sent to the last byte read: the HTTP client's socket timeout alone
   * would let a store that trickles its answer hold the output for good. With SDK retries off, one call is one
   * attempt, so both bounds are the same.
   *
   * @param trackerRegion {@code tracker.region}, or null
   */
  public static S3Client create(OutputConfig config, String trackerRegion) {
    AwsTarget target = AwsTarget.of("s3", "outputs[" + config.name() + "]", config.region(), config.endpoint(),
        config.credentials(), trackerRegion);
    return AwsClients.s3(target, config.pathStyle(), override -> override
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallAttemptTimeout(config.requestTimeout())
        .apiCallTimeout(config.requestTimeout()));
  }
}
