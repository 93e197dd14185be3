package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(LocalDynamoDbExtension.class)
class TrackerClientsTest {

  @Test
  void clientFromConfigCreatesTablesAtTheConfiguredEndpoint(LocalDynamoDb ddb) {
    TrackerConfig config = new TrackerConfig(TrackerMode.EMBEDDED, null, ddb.endpoint(), null, null,
        new AwsCredentialsConfig("sluicelocal", Secret.of("sluicelocal"), null), null);

    try (DynamoDbClient client = TrackerClients.create(config)) {
      new TrackerTables(client, config.tables(), config.billingMode()).createIfMissing();
    }

    assertThat(ddb.client().listTables().tableNames())
        .containsExactlyInAnyOrder("LambdaRedshiftBatchLoadConfig", "LambdaRedshiftBatches",
            "LambdaRedshiftProcessedFiles");
  }
}
