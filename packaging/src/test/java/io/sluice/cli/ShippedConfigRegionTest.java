package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.output.s3.S3Clients;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.aws.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * The shipped conf/sluice.yaml says the region defaults to eu-west-1: every client it makes the agent build is in
 * eu-west-1 without {@code AWS_REGION}, so {@code run} starts on a host that sets none.
 */
class ShippedConfigRegionTest {

  private static Region regionOf(SdkClient client) {
    try (client) {
      return ((AwsServiceClientConfiguration) client.serviceClientConfiguration()).region();
    }
  }

  @Test
  void everyClientOfTheShippedConfigIsInEuWest1WithoutAwsRegion() throws Exception {
    assertThat(ExampleConfig.SECRETS).doesNotContainKey("AWS_REGION");
    SluiceConfig config = new ConfigLoader(ExampleConfig.SECRETS).read(ExampleConfig.FILE);
    AwsClients clients = AwsClients.of(config);

    assertThat(regionOf(clients.dynamoDb())).isEqualTo(Region.EU_WEST_1);
    assertThat(regionOf(clients.s3())).isEqualTo(Region.EU_WEST_1);
    assertThat(regionOf(clients.sns())).isEqualTo(Region.EU_WEST_1);
    assertThat(regionOf(clients.kms())).isEqualTo(Region.EU_WEST_1);
    assertThat(config.outputs()).filteredOn(output -> output.bucket() != null).allSatisfy(output ->
        assertThat(regionOf(S3Clients.create(output, config.tracker().region()))).isEqualTo(Region.EU_WEST_1));
  }
}
