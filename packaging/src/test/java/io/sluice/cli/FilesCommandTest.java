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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class FilesCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String LOADED = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String FILE = PREFIX + "/part-0001.json";

  @TempDir
  Path dir;

  private LambdaTracker lambda;
  private LocalS3 s3;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    this.s3 = s3;
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3);
    s3.createBucket("bkt");
    lambda.config(PREFIX, CURRENT);
    lambda.batch(PREFIX, LOADED, "complete", "1795618100.25", sized(FILE, 10L));
    lambda.file(FILE, "2026-11-25 14:00:00", LOADED);
  }

  private void putObject(String key, int bytes) {
    s3.client().putObject(r -> r.bucket("bkt").key(key), RequestBody.fromBytes(new byte[bytes]));
  }

  @Test
  void queryShowsTheProcessedFile() {
    CliRun run = config.run("files", "query", FILE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        loadFile         bkt/logs/app.access/part-0001.json
        batchId          %s
        receiveDateTime  2026-11-25 14:00:00 UTC
        timesReceived    1
        """.formatted(LOADED));
  }

  @Test
  void queryTakesAnS3UrlAndLooksSpacesUpAsPlus() throws Exception {
    lambda.file(PREFIX + "/my+file.json", "2026-11-25 14:00:00", null);

    CliRun run = config.run("files", "query", "s3://" + PREFIX + "/my file.json", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out())).isEqualTo(new ObjectMapper().readTree("""
        {"loadFile": "bkt/logs/app.access/my+file.json", "receiveDateTime": "2026-11-25 14:00:00",
         "timesReceived": 1}"""));
  }

  @Test
  void queryOfAnUnknownFileIsOneLineAndExitsOne() {
    CliRun run = config.run("files", "query", "bkt/nothing.json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: No processed file bkt/nothing.json in "
        + "LambdaRedshiftProcessedFiles");
  }

  @Test
  void aKeyWithoutABucketAndAKeyIsAUsageError() {
    CliRun run = config.run("files", "query", "s3://bkt");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString()
        .isEqualTo("sluice: expected bucket/key or s3://bucket/key, got \"s3://bkt\"");
  }

  @Test
  void deleteRemovesTheItemAndPrintsWhatItWas() {
    CliRun run = config.run("files", "delete", "s3://" + FILE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Deleted processed file " + FILE + ". It was:\n  loadFile ")
        .contains("  batchId          " + LOADED + "\n");
    assertThat(lambda.rawFile(FILE)).isEmpty();
  }

  @Test
  void deleteOfAnUnknownFileIsOneLineAndExitsOne() {
    CliRun run = config.run("files", "delete", "bkt/nothing.json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: No processed file bkt/nothing.json in "
        + "LambdaRedshiftProcessedFiles; nothing deleted");
  }

  @Test
  void reprocessTakesAFileOutOfItsBatchAndRegistersItIntoTheCurrentOne() {
    putObject("logs/app.access/part-0001.json", 42);

    CliRun run = config.run("files", "reprocess", FILE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(FILE + ": registered into batch " + CURRENT + ".\n");
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE + ":42");
    assertThat(lambda.rawFile(FILE))
        .containsEntry("batchId", AttributeValue.fromS(CURRENT))
        .containsEntry("previousBatches", AttributeValue.fromL(List.of(AttributeValue.fromS(LOADED))));
  }

  @Test
  void reprocessOfAnObjectThatNoLongerExistsIsOneLineAndWritesNothing() {
    CliRun run = config.run("files", "reprocess", FILE);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: s3://" + FILE + " no longer exists; nothing to reprocess");
    assertThat(lambda.rawFile(FILE).get("batchId").s()).isEqualTo(LOADED);
  }

  @Test
  void reprocessOfAPrefixRegistersEveryObjectWhoseKeyMatchesTheRegex() throws Exception {
    putObject("logs/app.access/part-0001.json", 42);
    putObject("logs/app.access/part-0002.json", 43);
    putObject("logs/app.access/part-0003.csv", 44);
    putObject("logs/app.error/part-0001.json", 45);

    CliRun run = config.run("files", "reprocess", "--prefix", "s3://bkt/logs/app.access/", "--regex", "\\.json$");
    CliRun json = config.run("files", "reprocess", "--prefix", "s3://bkt/logs/app.access/", "--regex", "0002",
        "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        file                                went
        bkt/logs/app.access/part-0001.json  registered into batch %1$s
        bkt/logs/app.access/part-0002.json  registered into batch %1$s
        2 objects, 0 failed.
        """.formatted(CURRENT));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE + ":42", PREFIX + "/part-0002.json:43");
    JsonNode results = new ObjectMapper().readTree(json.out());
    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("outcome").asText()).isEqualTo("left-in-open-batch");
  }

  @Test
  void aFileAlreadyInTheOpenCurrentBatchIsLeftThereRatherThanAddedTwice() {
    putObject("logs/app.access/part-0001.json", 42);
    config.run("files", "reprocess", FILE);

    CliRun again = config.run("files", "reprocess", FILE);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo(FILE + ": left in the open current batch " + CURRENT
        + ", which is still to be loaded.\n");
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(FILE + ":42");
  }

  @Test
  void objectsOfAPrefixThatCannotBeRegisteredAreReportedAndExitOne() {
    putObject("unconfigured/a.json", 1);
    putObject("unconfigured/b+c.json", 1);

    CliRun run = config.run("files", "reprocess", "--prefix", "s3://bkt/unconfigured");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains(
        "bkt/unconfigured/a.json    failed: No configuration found in LambdaRedshiftBatchLoadConfig",
        "bkt/unconfigured/b+c.json  skipped: a key with a literal '+' cannot be loaded",
        "2 objects, 2 failed.");
    assertThat(run.errLines()).containsExactly("sluice: 2 of 2 objects under s3://bkt/unconfigured were not "
        + "registered again; see what each one did above");
  }

  @Test
  void reprocessTakesEitherAKeyOrAPrefix() {
    CliRun both = config.run("files", "reprocess", FILE, "--prefix", "s3://bkt/logs");
    CliRun neither = config.run("files", "reprocess");
    CliRun regexAlone = config.run("files", "reprocess", FILE, "--regex", "json");

    assertThat(List.of(both, neither, regexAlone)).extracting(CliRun::exitCode).containsOnly(2);
    assertThat(both.errLines()).first().asString().isEqualTo("sluice: give either KEY or --prefix S3URL");
    assertThat(regexAlone.errLines()).first().asString().isEqualTo("sluice: --regex applies to --prefix only");
  }
}
