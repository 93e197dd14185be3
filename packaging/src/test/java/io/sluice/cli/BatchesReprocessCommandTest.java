package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesReprocessCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String FAILED = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String LOADED = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
  private static final String FILE_A = PREFIX + "/part-0001.json";
  private static final String FILE_B = PREFIX + "/part-0002.json";

  @TempDir
  Path dir;

  private LambdaTracker lambda;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3);
    lambda.config(PREFIX, CURRENT);
    lambda.batch(PREFIX, FAILED, "error", "1795618100.25", sized(FILE_A, 10L, FILE_B, 20L));
    lambda.file(FILE_A, "2026-11-25 14:00:00", FAILED);
    lambda.file(FILE_B, "2026-11-25 14:00:01", FAILED);
  }

  @Test
  void theFilesOfAnErrorBatchGoIntoTheCurrentBatchAndTheBatchIsReprocessed() {
    CliRun run = config.run("batches", "reprocess", "--prefix", PREFIX, FAILED);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        Batch %1$s of bkt/logs/app.access reprocessed: 2 files registered again.
          file                                went
          bkt/logs/app.access/part-0001.json  registered into batch %2$s
          bkt/logs/app.access/part-0002.json  registered into batch %2$s
        """.formatted(FAILED, CURRENT));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE_A + ":10", FILE_B + ":20");
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("reprocessed");
    assertThat(lambda.rawFile(FILE_A))
        .containsEntry("batchId", AttributeValue.fromS(CURRENT))
        .containsEntry("previousBatches", AttributeValue.fromL(List.of(AttributeValue.fromS(FAILED))));
  }

  @Test
  void aBatchThatCannotBeReprocessedIsOneLineOnStderrAndTheOthersStillAre() {
    lambda.batch(PREFIX, LOADED, "complete", "1795618100.5", sized(PREFIX + "/part-0000.json", 5L));

    CliRun run = config.run("batches", "reprocess", "--prefix", PREFIX, LOADED, FAILED);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: Batch " + LOADED + " of " + PREFIX + " is complete; only "
        + "locked or error batches can be reprocessed (its files were loaded; reprocess single files with files "
        + "reprocess)");
    assertThat(run.out()).startsWith("Batch " + FAILED + " of " + PREFIX + " reprocessed");
    assertThat(lambda.rawBatch(PREFIX, LOADED).get("status").s()).isEqualTo("complete");
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("reprocessed");
  }

  @Test
  void jsonListsWhereEachFileOfEachBatchWent() throws Exception {
    CliRun run = config.run("batches", "reprocess", "--prefix", PREFIX, FAILED, "no-such-batch", "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode results = new ObjectMapper().readTree(run.out());
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isEqualTo(new ObjectMapper().readTree("""
        {"s3Prefix": "%1$s", "batchId": "%2$s", "status": "reprocessed", "files": [
          {"file": "%3$s", "outcome": "registered", "s3Prefix": "%1$s", "batchId": "%4$s"},
          {"file": "%5$s", "outcome": "registered", "s3Prefix": "%1$s", "batchId": "%4$s"}]}"""
        .formatted(PREFIX, FAILED, FILE_A, CURRENT, FILE_B)));
    assertThat(results.get(1).get("error").asText()).isEqualTo("No batch no-such-batch of " + PREFIX);
  }

  @Test
  void atLeastOneBatchIdIsRequired() {
    CliRun run = config.run("batches", "reprocess", "--prefix", PREFIX);

    assertThat(run.exitCode()).isEqualTo(2);
  }
}
