package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class FileTableTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String FILE = "bkt/logs/app.access/part-0001.json.gz";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String EARLIER = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";

  private DynamoDbClient client;
  private FileTable files;

  @BeforeEach
  void createTables(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    files = new FileTable(client, TABLES);
  }

  /** A processed-file item as the Lambda's dedupe and link steps write it; {@code batchId} null when unlinked. */
  private void putFile(String loadFile, String receiveDateTime, String batchId) {
    client.putItem(r -> r.tableName(TABLES.files()).item(LambdaTrackerItems.file(loadFile, receiveDateTime, batchId)));
  }

  private Map<String, AttributeValue> raw(String loadFile) {
    return client.getItem(r -> r.tableName(TABLES.files()).consistentRead(true)
        .key(Map.of("loadFile", AttributeValue.fromS(loadFile)))).item();
  }

  @Test
  void getReadsTheProcessedFile() {
    putFile(FILE, "2026-11-25 15:04:05", BATCH);

    ProcessedFile file = files.get(FILE).orElseThrow();

    assertThat(file.batchId()).isEqualTo(BATCH);
    assertThat(file.receiveDateTime()).isEqualTo("2026-11-25 15:04:05");
    assertThat(file.timesReceived()).isEqualTo(1);
    assertThat(file.previousBatches()).isEmpty();
    assertThat(files.get("bkt/none")).isEmpty();
  }

  @Test
  void deleteReturnsTheItemAsItWas() {
    putFile(FILE, "2026-11-25 15:04:05", BATCH);

    assertThat(files.delete(FILE)).map(ProcessedFile::batchId).contains(BATCH);
    assertThat(raw(FILE)).isEmpty();
    assertThat(files.delete(FILE)).isEmpty();
  }

  @Test
  void unlinkMovesTheBatchToPreviousBatchesAsProcessedFilesReprocessDoes() {
    putFile(FILE, "2026-11-25 15:04:05", EARLIER);
    assertThat(files.unlink(FILE, EARLIER)).isTrue();
    files.link(FILE, BATCH);

    assertThat(files.unlink(FILE, BATCH)).isTrue();

    assertThat(raw(FILE)).doesNotContainKey("batchId").containsEntry("previousBatches",
        AttributeValue.fromL(List.of(AttributeValue.fromS(EARLIER), AttributeValue.fromS(BATCH))));
  }

  @Test
  void unlinkFromAnotherBatchIsFalseAndKeepsTheLink() {
    putFile(FILE, "2026-11-25 15:04:05", BATCH);

    assertThat(files.unlink(FILE, EARLIER)).isFalse();
    assertThat(files.unlink("bkt/none", EARLIER)).isFalse();

    assertThat(raw(FILE)).containsEntry("batchId", AttributeValue.fromS(BATCH)).doesNotContainKey("previousBatches");
    assertThat(raw("bkt/none")).isEmpty();
  }

  @Test
  void linkSetsTheBatchId() {
    putFile(FILE, "2026-11-25 15:04:05", null);

    files.link(FILE, BATCH);

    assertThat(raw(FILE).get("batchId")).isEqualTo(AttributeValue.fromS(BATCH));
  }

  @Test
  void linkIfUnlinkedNeverOverwritesALinkNorCreatesAnItem() {
    putFile(FILE, "2026-11-25 15:04:05", EARLIER);

    assertThat(files.linkIfUnlinked(FILE, BATCH)).isFalse();
    assertThat(files.linkIfUnlinked("bkt/none", BATCH)).isFalse();

    assertThat(raw(FILE).get("batchId")).isEqualTo(AttributeValue.fromS(EARLIER));
    assertThat(raw("bkt/none")).isEmpty();
  }

  @Test
  void unlinkedListsFilesWithoutBatchReceivedBeforeTheCutoff() {
    putFile("bkt/old-unlinked", "2026-11-25 14:59:59", null);
    putFile("bkt/recent-unlinked", "2026-11-25 15:00:00", null);
    putFile("bkt/old-linked", "2026-11-25 14:00:00", BATCH);

    List<ProcessedFile> unlinked = files.unlinked(Instant.parse("2026-11-25T15:00:00Z"));

    assertThat(unlinked).extracting(ProcessedFile::loadFile).containsExactly("bkt/old-unlinked");
  }
}
