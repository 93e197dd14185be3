package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code batches reprocess} of a batch that one cluster committed says what it did with it. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesReprocessCommittedCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String FAILED = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String FILE_A = PREFIX + "/part-0001.json";
  private static final String PARTIAL = "{\"a.example.com\":{\"status\":0,\"error\":null},"
      + "\"b.example.com\":{\"status\":-1,\"error\":null}}";

  @TempDir
  Path dir;

  private LocalDynamoDb ddb;
  private LocalS3 s3;
  private LambdaTracker lambda;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) {
    this.ddb = ddb;
    this.s3 = s3;
    lambda = LambdaTracker.create(ddb.client());
    lambda.config(PREFIX, CURRENT);
    lambda.batch(PREFIX, FAILED, "error", "1795618100.25", sized(FILE_A, 10L),
        Map.of("clusterLoadStatus", AttributeValue.fromS(PARTIAL)));
    lambda.file(FILE_A, "2026-11-25 14:00:00", FAILED);
  }

  @Test
  void batchACommittedClusterLoadedIsReopenedInPlaceAndTheOutputSaysSo() throws Exception {
    CliRun run = AdminConfigFile.write(dir, ddb, s3, "").run("batches", "reprocess", "--prefix", PREFIX, FAILED);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Batch " + FAILED + " of " + PREFIX + " committed on a.example.com already:"
        + " reopened in place. The loader loads it again and skips every cluster whose load receipt shows it"
        + " committed.\n");
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("open");
    assertThat(lambda.rawFile(FILE_A)).containsEntry("batchId", AttributeValue.fromS(FAILED));
  }

  @Test
  void jsonOfAReopenedBatchNamesTheClustersThatCommittedIt() throws Exception {
    CliRun run = AdminConfigFile.write(dir, ddb, s3, "").run("batches", "reprocess", "--prefix", PREFIX, FAILED,
        "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out())).isEqualTo(new ObjectMapper().readTree("""
        [{"s3Prefix": "%s", "batchId": "%s", "committedClusters": ["a.example.com"], "status": "open",
          "reopened": true}]""".formatted(PREFIX, FAILED)));
  }

  @Test
  void withoutReceiptsTheFilesGoIntoTheCurrentBatchWithAWarningAboutDoubledRows() throws Exception {
    CliRun run = AdminConfigFile.write(dir, ddb, s3, "receipts_table: off")
        .run("batches", "reprocess", "--prefix", PREFIX, FAILED);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Batch " + FAILED + " of " + PREFIX + " reprocessed: 1 file registered again.")
        .endsWith("  Warning: a.example.com committed this batch already and load receipts are off"
            + " (loader.receipts_table: off): the new batch is loaded again on every cluster, so those get its rows"
            + " twice.\n");
    assertThat(lambda.rawBatch(PREFIX, FAILED).get("status").s()).isEqualTo("reprocessed");
  }
}
