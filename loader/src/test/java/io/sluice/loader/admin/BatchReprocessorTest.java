package io.sluice.loader.admin;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.Registration.Outcome;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchReprocessorTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String FAILED = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String FILE_A = "bkt/logs/app.access/part-0001.json";
  private static final String FILE_B = "bkt/logs/app.access/part-0002.json";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T15:04:05.123Z"), ZoneOffset.UTC);

  private LambdaItems lambda;
  private S3Client s3;
  private BatchReprocessor reprocessor;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 localS3) {
    new TrackerTables(ddb.client(), TABLES, BillingMode.ON_DEMAND).createIfMissing();
    lambda = new LambdaItems(ddb.client(), TABLES);
    s3 = localS3.client();
    localS3.createBucket("bkt");
    FileRegistrar registrar = new FileRegistrar(ddb.client(), TABLES, CLOCK, Sleeper.blocking(), 3);
    reprocessor = new BatchReprocessor(new BatchTable(ddb.client(), TABLES, CLOCK),
        new FileTable(ddb.client(), TABLES), registrar, s3, false);
    lambda.config(PREFIX, CURRENT);
  }

  private void putObject(String key, int bytes) {
    s3.putObject(r -> r.bucket("bkt").key(key), RequestBody.fromBytes(new byte[bytes]));
  }

  /** An error batch whose files the Lambda linked, one of them added twice (H2). */
  private void failedBatch(String status) {
    lambda.batch(PREFIX, FAILED, status, null, sized(FILE_A, 10L, FILE_B, 20L));
    lambda.file(FILE_A, "2026-11-25 14:00:00", FAILED);
    lambda.file(FILE_B, "2026-11-25 14:00:01", FAILED);
  }

  @Test
  void reprocessingAnErrorBatchRegistersEveryFileOnceIntoTheCurrentBatch() {
    failedBatch("error");

    List<Registration> registrations = reprocessor.reprocess(PREFIX, FAILED).registrations();

    assertThat(registrations).containsExactly(
        new Registration(FILE_A, PREFIX, CURRENT, Outcome.REGISTERED),
        new Registration(FILE_B, PREFIX, CURRENT, Outcome.REGISTERED));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE_A + ":10", FILE_B + ":20");
    assertThat(lambda.rawBatch(PREFIX, FAILED))
        .containsEntry("status", AttributeValue.fromS("reprocessed"))
        .containsEntry("updateReason", AttributeValue.fromS("Reprocessing initiated by reprocessBatch request"))
        .containsEntry("lastUpdate", AttributeValue.fromN("1795619045.123"));
    for (String file : List.of(FILE_A, FILE_B)) {
      assertThat(lambda.rawFile(file))
          .containsEntry("batchId", AttributeValue.fromS(CURRENT))
          .containsEntry("previousBatches", AttributeValue.fromL(List.of(AttributeValue.fromS(FAILED))));
    }
  }

  @Test
  void reprocessingALockedBatchOfAnotherBatchThanTheCurrentOneWorksToo() {
    failedBatch("locked");

    assertThat(reprocessor.reprocess(PREFIX, FAILED).registrations()).extracting(Registration::batchId)
        .containsExactly(CURRENT, CURRENT);
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("reprocessed");
  }

  @Test
  void legacyEntriesGetTheirSizeFromS3WithThePlusReadAsASpace() {
    String legacyFile = "bkt/logs/app.access/my+file.json";
    putObject("logs/app.access/my file.json", 123);
    lambda.legacyBatch(PREFIX, FAILED, "error", List.of(legacyFile));
    lambda.file(legacyFile, "2026-11-25 14:00:00", FAILED);

    reprocessor.reprocess(PREFIX, FAILED);

    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(legacyFile + ":123");
  }

  @Test
  void openAndCompleteBatchesAreRefusedAndLeftAsTheyAre() {
    failedBatch("complete");
    lambda.batch(PREFIX, "open-batch", "open", null, sized(FILE_A, 10L));

    assertThatThrownBy(() -> reprocessor.reprocess(PREFIX, FAILED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is complete; only locked or error batches can be reprocessed");
    assertThatThrownBy(() -> reprocessor.reprocess(PREFIX, "open-batch"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is open; only locked or error batches can be reprocessed");

    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("complete");
    assertThat(lambda.rawFile(FILE_A).get("batchId").s()).isEqualTo(FAILED);
    assertThat(lambda.rawBatch(PREFIX, CURRENT)).isEmpty();
  }

  @Test
  void lockedBatchThatIsStillCurrentIsRefusedWithAHintToUnlockIt() {
    lambda.batch(PREFIX, CURRENT, "locked", null, sized(FILE_A, 10L));
    lambda.file(FILE_A, "2026-11-25 14:00:00", CURRENT);

    assertThatThrownBy(() -> reprocessor.reprocess(PREFIX, CURRENT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still the config's current batch")
        .hasMessageContaining("batches unlock");
    assertThat(lambda.rawBatch(PREFIX, CURRENT).get("status").s()).isEqualTo("locked");
  }

  @Test
  void batchHoldingAFileThatNoLongerExistsIsRefusedBeforeAnyWrite() {
    lambda.legacyBatch(PREFIX, FAILED, "error", List.of(FILE_A));
    lambda.file(FILE_A, "2026-11-25 14:00:00", FAILED);

    assertThatThrownBy(() -> reprocessor.reprocess(PREFIX, FAILED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s3://" + FILE_A + ", which no longer exists");
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("error");
    assertThat(lambda.rawFile(FILE_A).get("batchId").s()).isEqualTo(FAILED);
  }

  @Test
  void missingBatchIsAClearError() {
    assertThatThrownBy(() -> reprocessor.reprocess(PREFIX, FAILED))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("No batch " + FAILED);
  }

  @Test
  void reprocessingAFileMovesItFromItsBatchIntoTheCurrentOne() {
    putObject("logs/app.access/part-0001.json", 55);
    failedBatch("complete");

    Registration registration = reprocessor.reprocessFile(FILE_A);

    assertThat(registration).isEqualTo(new Registration(FILE_A, PREFIX, CURRENT, Outcome.REGISTERED));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE_A + ":55");
    assertThat(lambda.rawFile(FILE_A).get("previousBatches"))
        .isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromS(FAILED))));
    assertThat(lambda.rawFile(FILE_B).get("batchId").s()).isEqualTo(FAILED);
  }

  @Test
  void reprocessingAnUnknownFileRegistersIt() {
    putObject("logs/app.access/part-0001.json", 55);

    Registration registration = reprocessor.reprocessFile(FILE_A);

    assertThat(registration.outcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(lambda.rawFile(FILE_A)).containsEntry("batchId", AttributeValue.fromS(CURRENT))
        .doesNotContainKey("previousBatches");
  }

  @Test
  void reprocessingAFileThatNoLongerExistsChangesNothing() {
    failedBatch("complete");

    assertThatThrownBy(() -> reprocessor.reprocessFile(FILE_A))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
    assertThat(lambda.rawFile(FILE_A)).containsEntry("batchId", AttributeValue.fromS(FAILED));
    assertThat(lambda.rawFile(FILE_A)).doesNotContainKey("previousBatches");
  }
}
