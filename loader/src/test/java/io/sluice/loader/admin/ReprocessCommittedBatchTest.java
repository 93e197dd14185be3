package io.sluice.loader.admin;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.admin.BatchReprocessing.Outcome;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Reprocessing a batch that some cluster committed: reopened in place with receipts, the Lambda's way without. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class ReprocessCommittedBatchTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String FAILED = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String FILE_A = "bkt/logs/app.access/part-0001.json";
  private static final String FILE_B = "bkt/logs/app.access/part-0002.json";
  private static final String PARTIAL = "{\"a.example.com\":{\"status\":0,\"error\":null},"
      + "\"b.example.com\":{\"status\":-1,\"error\":{\"code\":\"42P01\"}}}";
  private static final String NONE_COMMITTED = "{\"a.example.com\":{\"status\":-1,\"error\":null}}";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T15:04:05.123Z"), ZoneOffset.UTC);

  private DynamoDbClient dynamo;
  private LambdaItems lambda;
  private S3Client s3;
  private FileRegistrar registrar;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 localS3) {
    dynamo = ddb.client();
    new TrackerTables(dynamo, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    lambda = new LambdaItems(dynamo, TABLES);
    s3 = localS3.client();
    localS3.createBucket("bkt");
    s3.putObject(r -> r.bucket("bkt").key("logs/app.access/part-0001.json"), RequestBody.fromBytes(new byte[10]));
    s3.putObject(r -> r.bucket("bkt").key("logs/app.access/part-0002.json"), RequestBody.fromBytes(new byte[20]));
    registrar = new FileRegistrar(dynamo, TABLES, CLOCK, Sleeper.blocking(), 3);
    lambda.config(PREFIX, CURRENT);
  }

  private BatchReprocessor reprocessor(boolean receipts) {
    return new BatchReprocessor(new BatchTable(dynamo, TABLES, CLOCK), new FileTable(dynamo, TABLES), registrar, s3,
        receipts);
  }

  private void failedBatch(String clusterLoadStatus) {
    lambda.batch(PREFIX, FAILED, "error", null, sized(FILE_A, 10L, FILE_B, 20L));
    lambda.file(FILE_A, "2026-11-25 14:00:00", FAILED);
    lambda.file(FILE_B, "2026-11-25 14:00:01", FAILED);
    dynamo.updateItem(r -> r.tableName("LambdaRedshiftBatches")
        .key(Map.of("s3Prefix", AttributeValue.fromS(PREFIX), "batchId", AttributeValue.fromS(FAILED)))
        .updateExpression("SET clusterLoadStatus = :status")
        .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(clusterLoadStatus))));
  }

  @Test
  void batchCommittedOnOneClusterIsReopenedInPlaceWhenLoadsLeaveReceipts() {
    failedBatch(PARTIAL);

    BatchReprocessing result = reprocessor(true).reprocess(PREFIX, FAILED);

    assertThat(result.outcome()).isEqualTo(Outcome.REOPENED);
    assertThat(result.committedClusters()).containsExactly("a.example.com");
    assertThat(result.registrations()).isEmpty();
    assertThat(lambda.rawBatch(PREFIX, FAILED))
        .containsEntry("status", AttributeValue.fromS("open"))
        .containsEntry("updateReason", AttributeValue.fromS(BatchTable.REOPEN_REASON));
    assertThat(lambda.rawFile(FILE_A)).containsEntry("batchId", AttributeValue.fromS(FAILED));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).isEmpty();
  }

  @Test
  void batchCommittedOnOneClusterIsRegisteredAgainAndSaysSoWhenReceiptsAreOff() {
    failedBatch(PARTIAL);

    BatchReprocessing result = reprocessor(false).reprocess(PREFIX, FAILED);

    assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED_AGAIN_WITHOUT_RECEIPTS);
    assertThat(result.committedClusters()).containsExactly("a.example.com");
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE_A + ":10", FILE_B + ":20");
    assertThat(lambda.rawBatch(PREFIX, FAILED)).containsEntry("status", AttributeValue.fromS("reprocessed"));
  }

  @Test
  void batchNoClusterCommittedKeepsTheLambdasReprocessingWithReceipts() {
    failedBatch(NONE_COMMITTED);

    BatchReprocessing result = reprocessor(true).reprocess(PREFIX, FAILED);

    assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED_AGAIN);
    assertThat(result.committedClusters()).isEmpty();
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE_A + ":10", FILE_B + ":20");
    assertThat(lambda.rawBatch(PREFIX, FAILED)).containsEntry("status", AttributeValue.fromS("reprocessed"));
  }
}
