package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class BatchTableTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String OTHER = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final Instant NOW = Instant.parse("2026-11-25T15:04:05.123Z");
  private static final String NOW_N = "1795619045.123";

  private DynamoDbClient client;
  private BatchTable batches;

  @BeforeEach
  void createTables(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    batches = table(NOW);
  }

  private BatchTable table(Instant now) {
    return new BatchTable(client, TABLES, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A batch item as the Lambda's add writes it, then with {@code status} and {@code lastUpdate} set. */
  private void putBatch(String batchId, String status, String lastUpdate) {
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX),
        "batchId", AttributeValue.fromS(batchId),
        "status", AttributeValue.fromS(status),
        "lastUpdate", AttributeValue.fromN(lastUpdate),
        "writeDates", AttributeValue.fromNs(List.of("1795618000.5")),
        "size", AttributeValue.fromN("10"),
        "entryMap", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
            "file", AttributeValue.fromS("bkt/logs/app.access/a.json"),
            "size", AttributeValue.fromN("10")))))));
    client.putItem(r -> r.tableName(TABLES.batches()).item(item));
  }

  private Map<String, AttributeValue> raw(String batchId) {
    return client.getItem(r -> r.tableName(TABLES.batches()).consistentRead(true).key(Map.of(
        "s3Prefix", AttributeValue.fromS(PREFIX), "batchId", AttributeValue.fromS(batchId)))).item();
  }

  private String status(String batchId) {
    return raw(batchId).get("status").s();
  }

  @Test
  void getReadsTheBatchAsTheLambdaWroteIt() {
    putBatch(BATCH, "open", "1795618000.5");

    BatchItem batch = batches.get(PREFIX, BATCH).orElseThrow();

    assertThat(batch.status()).isEqualTo(BatchStatus.OPEN);
    assertThat(batch.entries()).containsExactly(new BatchEntry("bkt/logs/app.access/a.json", 10));
    assertThat(batches.get(PREFIX, OTHER)).isEmpty();
  }

  @Test
  void lockTurnsAnOpenBatchLockedAndReturnsTheLockedItem() {
    putBatch(BATCH, "open", "1795618000.5");

    Optional<BatchItem> locked = batches.lock(PREFIX, BATCH);

    assertThat(locked).isPresent();
    assertThat(locked.get().status()).isEqualTo(BatchStatus.LOCKED);
    assertThat(locked.get().entries()).hasSize(1);
    assertThat(raw(BATCH).get("status")).isEqualTo(AttributeValue.fromS("locked"));
    BigDecimal lastUpdate = new BigDecimal(raw(BATCH).get("lastUpdate").n());
    assertThat(lastUpdate.setScale(3, RoundingMode.FLOOR)).isEqualByComparingTo(NOW_N);
    assertThat(lastUpdate.scale()).as("a part below the millisecond tells this lock from any other").isGreaterThan(3);
  }

  @Test
  void lockOfABatchThatIsNotOpenIsEmptyAndChangesNothing() {
    putBatch(BATCH, "locked", "1795618000.5");

    assertThat(batches.lock(PREFIX, BATCH)).isEmpty();
    assertThat(batches.lock(PREFIX, OTHER)).isEmpty();
    assertThat(raw(BATCH).get("lastUpdate").n()).isEqualTo("1795618000.5");
    assertThat(raw(OTHER)).isEmpty();
  }

  @Test
  void ofTwoConcurrentLockersExactlyOneWins() throws Exception {
    for (int round = 0; round < 5; round++) {
      String batchId = "batch-" + round;
      putBatch(batchId, "open", "1795618000.5");
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger threadNumber = new AtomicInteger();
      ExecutorService lockers = Executors.newFixedThreadPool(2,
          r -> new Thread(r, "test-locker-" + threadNumber.incrementAndGet()));
      try {
        List<Future<Optional<BatchItem>>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          results.add(lockers.submit(() -> {
            start.await();
            return batches.lock(PREFIX, batchId);
          }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Optional<BatchItem>> result : results) {
          wins += result.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
        }
        assertThat(wins).as("lockers winning round %d", round).isEqualTo(1);
      } finally {
        lockers.shutdownNow();
        assertThat(lockers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void refreshLockMovesLastUpdateOfALockedBatch() {
    putBatch(BATCH, "locked", "1795618000.5");

    assertThat(table(NOW.plusSeconds(60)).refreshLock(PREFIX, BATCH)).isTrue();

    assertThat(raw(BATCH).get("lastUpdate")).isEqualTo(AttributeValue.fromN("1795619105.123"));
    assertThat(status(BATCH)).isEqualTo("locked");
  }

  @Test
  void refreshLockOfABatchNoLongerLockedIsFalse() {
    putBatch(BATCH, "open", "1795618000.5");

    assertThat(batches.refreshLock(PREFIX, BATCH)).isFalse();
    assertThat(batches.refreshLock(PREFIX, OTHER)).isFalse();
    assertThat(raw(BATCH).get("lastUpdate").n()).isEqualTo("1795618000.5");
    assertThat(raw(OTHER)).isEmpty();
  }

  @Test
  void manifestFileAndLoadStatusAreStoredAsText() {
    putBatch(BATCH, "locked", "1795618000.5");
    String manifest = "manifests-bkt/redshift/manifest-2026-11-25 15:04:05-417";
    String loadStatus = "{\"analytics.example.redshift.amazonaws.com\":{\"status\":0,\"error\":null}}";

    batches.recordManifest(PREFIX, BATCH, manifest);
    batches.recordLoadStatus(PREFIX, BATCH, loadStatus);

    assertThat(raw(BATCH)).containsEntry("manifestFile", AttributeValue.fromS(manifest))
        .containsEntry("clusterLoadStatus", AttributeValue.fromS(loadStatus))
        .containsEntry("lastUpdate", AttributeValue.fromN(NOW_N));
  }

  @Test
  void recordingOnADeletedBatchFailsInsteadOfCreatingAnItem() {
    assertThatThrownBy(() -> batches.recordManifest(PREFIX, BATCH, "bkt/manifest-x"))
        .isInstanceOf(TrackerException.class).hasMessageContaining("does not exist");
    assertThat(raw(BATCH)).isEmpty();
  }

  @Test
  void closeWithoutErrorCompletesALockedBatch() {
    putBatch(BATCH, "locked", "1795618000.5");

    assertThat(batches.close(PREFIX, BATCH, null)).isTrue();

    assertThat(raw(BATCH)).containsEntry("status", AttributeValue.fromS("complete"))
        .containsEntry("lastUpdate", AttributeValue.fromN(NOW_N))
        .doesNotContainKey("errorMessage");
  }

  @Test
  void closeWithAnErrorStoresItsJsonText() {
    putBatch(BATCH, "locked", "1795618000.5");
    String error = "{\"analytics.example.redshift.amazonaws.com\":{\"status\":-1,\"error\":{\"code\":\"XX000\"}}}";

    assertThat(batches.close(PREFIX, BATCH, error)).isTrue();

    assertThat(raw(BATCH)).containsEntry("status", AttributeValue.fromS("error"))
        .containsEntry("errorMessage", AttributeValue.fromS(error))
        .containsEntry("lastUpdate", AttributeValue.fromN(NOW_N));
  }

  @Test
  void completingABatchThatFailedBeforeDropsTheEarlierErrorMessage() {
    putBatch(BATCH, "locked", "1795618000.5");
    batches.close(PREFIX, BATCH, "{\"c\":{\"status\":-1}}");
    batches.unlock(PREFIX, BATCH);
    batches.lock(PREFIX, BATCH);

    assertThat(batches.close(PREFIX, BATCH, null)).isTrue();

    assertThat(raw(BATCH)).containsEntry("status", AttributeValue.fromS("complete")).doesNotContainKey("errorMessage");
  }

  @Test
  void closeOfABatchNoLongerLockedIsFalse() {
    putBatch(BATCH, "open", "1795618000.5");

    assertThat(batches.close(PREFIX, BATCH, null)).isFalse();
    assertThat(status(BATCH)).isEqualTo("open");
  }

  @Test
  void unlockReopensALockedOrErrorBatchEvenWhenItIsNotTheCurrentOne() {
    // No config item at all: unlike unlockBatch.js, the current batch does not matter.
    putBatch(BATCH, "locked", "1795618000.5");
    putBatch(OTHER, "error", "1795618000.5");

    assertThat(batches.unlock(PREFIX, BATCH)).isTrue();
    assertThat(batches.unlock(PREFIX, OTHER)).isTrue();

    assertThat(status(BATCH)).isEqualTo("open");
    assertThat(status(OTHER)).isEqualTo("open");
    assertThat(raw(BATCH).get("lastUpdate")).isEqualTo(AttributeValue.fromN(NOW_N));
  }

  @Test
  void unlockOfACompleteBatchIsFalse() {
    putBatch(BATCH, "complete", "1795618000.5");

    assertThat(batches.unlock(PREFIX, BATCH)).isFalse();
    assertThat(status(BATCH)).isEqualTo("complete");
  }

  @Test
  void markReprocessingWritesTheReprocessBatchReasonWhenTheStatusIsExpected() {
    putBatch(BATCH, "error", "1795618000.5");

    assertThat(batches.markReprocessing(PREFIX, BATCH, Set.of(BatchStatus.LOCKED, BatchStatus.ERROR))).isTrue();

    assertThat(raw(BATCH)).containsEntry("status", AttributeValue.fromS("reprocessing"))
        .containsEntry("updateReason", AttributeValue.fromS("Reprocessing initiated by reprocessBatch request"))
        .containsEntry("lastUpdate", AttributeValue.fromN(NOW_N));
  }

  @Test
  void markReprocessingOfAnUnexpectedStatusIsFalse() {
    putBatch(BATCH, "open", "1795618000.5");

    assertThat(batches.markReprocessing(PREFIX, BATCH, Set.of(BatchStatus.LOCKED, BatchStatus.ERROR))).isFalse();
    assertThat(raw(BATCH)).doesNotContainKey("updateReason");
    assertThat(batches.markReprocessing(PREFIX, BATCH, Set.of(BatchStatus.OPEN))).isTrue();
  }

  @Test
  void markReprocessedFollowsReprocessingOnly() {
    putBatch(BATCH, "locked", "1795618000.5");
    assertThat(batches.markReprocessed(PREFIX, BATCH)).isFalse();
    batches.markReprocessing(PREFIX, BATCH, Set.of(BatchStatus.LOCKED));

    assertThat(batches.markReprocessed(PREFIX, BATCH)).isTrue();

    assertThat(status(BATCH)).isEqualTo("reprocessed");
  }

  @Test
  void deleteReturnsTheItemAsItWas() {
    putBatch(BATCH, "complete", "1795618000.5");

    Optional<BatchItem> deleted = batches.delete(PREFIX, BATCH);

    assertThat(deleted).map(BatchItem::status).contains(BatchStatus.COMPLETE);
    assertThat(raw(BATCH)).isEmpty();
    assertThat(batches.delete(PREFIX, BATCH)).isEmpty();
  }

  @Test
  void queryByStatusReadsEveryPageOfTheIndex() {
    for (int i = 0; i < 7; i++) {
      putBatch("complete-" + i, "complete", "179561800" + i);
    }
    putBatch(BATCH, "error", "1795618000.5");
    BatchTable smallPages = new BatchTable(client, TABLES, Clock.fixed(NOW, ZoneOffset.UTC), 2);

    List<BatchItem> complete = smallPages.queryByStatus(BatchStatus.COMPLETE, null, null);

    assertThat(complete).extracting(BatchItem::batchId).containsExactly("complete-0", "complete-1", "complete-2",
        "complete-3", "complete-4", "complete-5", "complete-6");
  }

  @Test
  void queryByStatusKeepsLastUpdateWithinSinceAndUntilInclusive() {
    for (int i = 0; i < 5; i++) {
      putBatch("error-" + i, "error", "179561800" + i);
    }
    Instant second1 = Instant.ofEpochSecond(1795618001);
    Instant second3 = Instant.ofEpochSecond(1795618003);

    assertThat(batches.queryByStatus(BatchStatus.ERROR, second1, second3)).extracting(BatchItem::batchId)
        .containsExactly("error-1", "error-2", "error-3");
    assertThat(batches.queryByStatus(BatchStatus.ERROR, second3, null)).extracting(BatchItem::batchId)
        .containsExactly("error-3", "error-4");
    assertThat(batches.queryByStatus(BatchStatus.ERROR, null, second1)).extracting(BatchItem::batchId)
        .containsExactly("error-0", "error-1");
    assertThat(batches.queryByStatus(BatchStatus.OPEN, null, null)).isEmpty();
  }

  @Test
  void listByPrefixReadsEveryBatchOfThePrefix() {
    putBatch(BATCH, "open", "1795618000.5");
    putBatch(OTHER, "complete", "1795618000.5");
    client.putItem(r -> r.tableName(TABLES.batches()).item(Map.of(
        "s3Prefix", AttributeValue.fromS("bkt/other"), "batchId", AttributeValue.fromS(BATCH),
        "status", AttributeValue.fromS("open"), "lastUpdate", AttributeValue.fromN("1"))));

    assertThat(new BatchTable(client, TABLES, Clock.systemUTC(), 1).listByPrefix(PREFIX))
        .extracting(BatchItem::batchId).containsExactlyInAnyOrder(BATCH, OTHER);
  }
}
