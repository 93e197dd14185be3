package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.aws.AwsClients;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.Fault;
import io.sluice.testkit.net.FaultInjectingHttpProxy;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Locking a batch through the production client when DynamoDB applies the lock but its answer is lost: the SDK sends
 * the same write again, which finds the batch no longer open. Found by the throttling end-to-end test, where such a
 * batch stayed locked with no loader and its files were never loaded.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class BatchLockRetryTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String UPDATE_ITEM = "DynamoDB_20120810.UpdateItem";

  private DynamoDbClient direct;
  private FaultInjectingHttpProxy proxy;
  private DynamoDbClient throughProxy;
  private BatchTable batches;

  @BeforeEach
  void prepareTrackerBehindProxy(LocalDynamoDb ddb) throws Exception {
    direct = ddb.client();
    new TrackerTables(direct, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    proxy = FaultInjectingHttpProxy.start(ddb.endpoint());
    throughProxy = new AwsClients(new TrackerConfig(TrackerMode.EMBEDDED, null, proxy.endpoint(), null, null,
        new AwsCredentialsConfig(ddb.credentials().accessKeyId(), Secret.of(ddb.credentials().secretAccessKey()),
            null), null), LoaderConfig.NONE).dynamoDb();
    batches = new BatchTable(throughProxy, TABLES, Clock.systemUTC());
  }

  @AfterEach
  void stopProxy() throws Exception {
    throughProxy.close();
    proxy.close();
  }

  private void putBatch(String status, String lastUpdate) {
    direct.putItem(r -> r.tableName(TABLES.batches()).item(LambdaTrackerItems.batch(PREFIX, BATCH, status,
        lastUpdate, LambdaTrackerItems.sized("bkt/logs/app/a.json", 10L, "bkt/logs/app/b.json", 20L))));
  }

  @Test
  void aLockWhoseAnswerWasLostIsStillOurs() {
    putBatch("open", "1795618000.5");
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody().times(1));

    Optional<BatchItem> locked = batches.lock(PREFIX, BATCH);

    assertThat(proxy.faultsInjected()).isEqualTo(1);
    assertThat(locked).hasValueSatisfying(batch -> {
      assertThat(batch.status()).isEqualTo(BatchStatus.LOCKED);
      assertThat(batch.distinctEntries()).hasSize(2);
    });
  }

  @Test
  void aBatchSomeoneElseLockedIsNotOurs() {
    putBatch("locked", "1795618000.5");

    assertThat(batches.lock(PREFIX, BATCH)).isEmpty();
    assertThat(direct.getItem(r -> r.tableName(TABLES.batches()).key(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX),
        "batchId", AttributeValue.fromS(BATCH))))
        .item().get("lastUpdate").n()).isEqualTo("1795618000.5");
  }
}
