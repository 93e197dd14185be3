package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesUnlockCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String STUCK = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";

  @TempDir
  Path dir;

  private LambdaTracker lambda;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3);
    lambda.config(PREFIX, CURRENT);
  }

  private String status(String batchId) {
    return lambda.rawBatch(PREFIX, batchId).get("status").s();
  }

  @Test
  void aLockedBatchThatIsNotTheCurrentOneIsOpenedWithANoteOnWhoFlushesIt() {
    // A loader died after rotating: the batch stays locked, and the prefix goes on with a new current batch (H4).
    lambda.batch(PREFIX, STUCK, "locked", "1795618100.25", sized(PREFIX + "/part-0001.json", 10L));

    CliRun run = config.run("batches", "unlock", "--prefix", PREFIX, STUCK);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(status(STUCK)).isEqualTo("open");
    assertThat(new BigDecimal(lambda.rawBatch(PREFIX, STUCK).get("lastUpdate").n()))
        .isGreaterThan(new BigDecimal("1795618100.25"));
    assertThat(run.out().lines()).containsExactly(
        "Batch " + STUCK + " of " + PREFIX + " unlocked: locked -> open.",
        "It is not the prefix's current batch (" + CURRENT + "): sluice loader run flushes it by the prefix's batch "
            + "rules, but the Lambda never looks at it again; for a prefix the Lambda loads, use sluice batches "
            + "reprocess instead.");
  }

  @Test
  void theCurrentBatchStuckInErrorIsOpenedAsUnlockBatchJsDid() throws Exception {
    lambda.batch(PREFIX, CURRENT, "error", "1795618100.25", sized(PREFIX + "/part-0001.json", 10L));

    CliRun run = config.run("batches", "unlock", "--prefix", "s3://" + PREFIX + "/", CURRENT, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(status(CURRENT)).isEqualTo("open");
    assertThat(new ObjectMapper().readTree(run.out())).isEqualTo(new ObjectMapper().readTree("""
        {"s3Prefix": "bkt/logs/app.access", "batchId": "%s", "previousStatus": "error", "status": "open",
         "currentBatch": true}""".formatted(CURRENT)));
  }

  @Test
  void aCompleteBatchIsRefusedAndLeftAsItIs() {
    lambda.batch(PREFIX, STUCK, "complete", "1795618100.25", sized(PREFIX + "/part-0001.json", 10L));

    CliRun run = config.run("batches", "unlock", "--prefix", PREFIX, STUCK);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: Batch " + STUCK + " of " + PREFIX
        + " is complete; only locked or error batches can be unlocked");
    assertThat(status(STUCK)).isEqualTo("complete");
  }

  @Test
  void anUnknownBatchIsOneLineAndExitsOne() {
    CliRun run = config.run("batches", "unlock", "--prefix", PREFIX, STUCK);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(
        "sluice: No batch " + STUCK + " of " + PREFIX + " in LambdaRedshiftBatches");
  }

  @Test
  void theBatchIdIsRequired() {
    CliRun run = config.run("batches", "unlock", "--prefix", PREFIX);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString().startsWith("sluice: Missing required parameter: 'BATCH_ID'");
  }
}
