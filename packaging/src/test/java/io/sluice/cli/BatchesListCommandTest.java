package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.loader.tracker.LambdaTime;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesListCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private LocalDynamoDb ddb;
  private LambdaTracker lambda;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    this.ddb = ddb;
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3, "stale_lock_after: 30m");
  }

  private static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static List<String> batchIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.forEach(batch -> ids.add(batch.get("batchId").asText()));
    return ids;
  }

  @Test
  void listsEveryPageOfTheStatusIndexAndOnlyThatStatus() throws Exception {
    // 40 entries of ~100 characters make a batch of ~5 KB, so 250 of them span more than one 1 MB query page.
    Map<String, Long> files = new LinkedHashMap<>();
    for (int f = 0; f < 40; f++) {
      files.put(PREFIX + "/2026/11/25/14/aggregator-1-app.access-" + "0".repeat(40) + f + ".json", 1000L + f);
    }
    List<String> open = new ArrayList<>();
    for (int b = 0; b < 250; b++) {
      String batchId = "open-%03d".formatted(b);
      lambda.batch(PREFIX, batchId, "open", "1795618%03d.5".formatted(b), files);
      open.add(batchId);
    }
    lambda.batch(PREFIX, "locked-1", "locked", "1795619000", sized(PREFIX + "/a.json", 1L));
    lambda.batch(PREFIX, "error-1", "error", "1795619001", sized(PREFIX + "/b.json", 1L));
    assertThat(ddb.client().query(r -> r.tableName(LambdaTracker.TABLES.batches()).indexName(TrackerTables.STATUS_INDEX)
            .keyConditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":open", AttributeValue.fromS("open")))).lastEvaluatedKey())
        .as("one query page does not hold every open batch").isNotEmpty();

    JsonNode list = json(config.run("batches", "list", "--status", "open", "--json"));

    assertThat(batchIds(list)).containsExactlyElementsOf(open);
    assertThat(list.get(0).get("files").asInt()).isEqualTo(40);
  }

  @Test
  void printsAlignedColumnsOldestUpdateFirst() {
    lambda.batch(PREFIX, "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c", "error", "1795618100.25",
        sized(PREFIX + "/part-0001.json", 10L, PREFIX + "/part-0002.json", 20L));
    lambda.batch("bkt/logs/app.error", "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a", "error", "1795617000",
        sized("bkt/logs/app.error/part-0001.json", 123456L));

    CliRun run = config.run("batches", "list", "--status", "error");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        s3Prefix             batchId                               status  lastUpdate                files   bytes
        bkt/logs/app.error   0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a  error   2026-11-25T14:30:00Z          1  123456
        bkt/logs/app.access  6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c  error   2026-11-25T14:48:20.250Z      2      30
        2 error batches
        """);
  }

  @Test
  void withoutStatusListsEveryStatusOldestUpdateFirst() {
    lambda.batch(PREFIX, "complete-1", "complete", "1795617000", sized(PREFIX + "/a.json", 1L));
    lambda.batch(PREFIX, "open-1", "open", "1795619000", sized(PREFIX + "/b.json", 2L));
    lambda.batch(PREFIX, "locked-1", "locked", "1795618000", sized(PREFIX + "/c.json", 3L));
    lambda.batch(PREFIX, "error-1", "error", "1795618500", sized(PREFIX + "/d.json", 4L));

    CliRun run = config.run("batches", "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        s3Prefix             batchId     status    lastUpdate            files  bytes  stale
        bkt/logs/app.access  complete-1  complete  2026-11-25T14:30:00Z      1      1
        bkt/logs/app.access  locked-1    locked    2026-11-25T14:46:40Z      1      3  stale
        bkt/logs/app.access  error-1     error     2026-11-25T14:55:00Z      1      4
        bkt/logs/app.access  open-1      open      2026-11-25T15:03:20Z      1      2
        4 batches (1 open, 1 locked, 1 complete, 1 error), 1 stale (no update for 30m)
        """);
  }

  @Test
  void withoutStatusNothingToListIsSaid() {
    assertThat(config.run("batches", "list").out()).isEqualTo("No batches.\n");
  }

  @Test
  void sinceAndUntilBoundTheLastUpdateAndTakeIsoInstantsOrEpochSeconds() throws Exception {
    lambda.batch(PREFIX, "before", "error", "1795617999.999", sized(PREFIX + "/a.json", 1L));
    lambda.batch(PREFIX, "first", "error", "1795618000", sized(PREFIX + "/b.json", 1L));
    lambda.batch(PREFIX, "last", "error", "1795618100", sized(PREFIX + "/c.json", 1L));
    lambda.batch(PREFIX, "after", "error", "1795618100.001", sized(PREFIX + "/d.json", 1L));

    JsonNode iso = json(config.run("batches", "list", "--status", "error", "--json",
        "--since", "2026-11-25T14:46:40Z", "--until", "2026-11-25T15:48:20+01:00"));
    JsonNode epoch = json(config.run("batches", "list", "--status", "error", "--json",
        "--since", "1795618000", "--until", "1795618100"));
    JsonNode sinceOnly = json(config.run("batches", "list", "--status", "error", "--json", "--since", "1795618100"));

    assertThat(batchIds(iso)).containsExactly("first", "last");
    assertThat(batchIds(epoch)).containsExactly("first", "last");
    assertThat(batchIds(sinceOnly)).containsExactly("last", "after");
  }

  @Test
  void prefixKeepsItsOwnBatchesAndThoseOfPrefixesUnderIt() throws Exception {
    lambda.batch("bkt/logs", "parent", "open", "1795618000", sized("bkt/logs/a.json", 1L));
    lambda.batch(PREFIX, "own", "open", "1795618001", sized(PREFIX + "/a.json", 1L));
    lambda.batch(PREFIX + "/dt=*", "child", "open", "1795618002", sized(PREFIX + "/dt=1/a.json", 1L));
    lambda.batch(PREFIX + "2", "sibling", "open", "1795618003", sized(PREFIX + "2/a.json", 1L));

    JsonNode list = json(config.run("batches", "list", "--status", "open", "--prefix", "s3://" + PREFIX + "/",
        "--json"));

    assertThat(batchIds(list)).containsExactly("own", "child");
  }

  @Test
  void lockedBatchesNotUpdatedForStaleLockAfterAreMarkedStale() throws Exception {
    Instant now = Instant.now();
    lambda.batch(PREFIX, "dead-loader", "locked", LambdaTime.epochSeconds(now.minus(Duration.ofMinutes(31))),
        sized(PREFIX + "/a.json", 1L));
    lambda.batch(PREFIX, "loading", "locked", LambdaTime.epochSeconds(now.minus(Duration.ofMinutes(29))),
        sized(PREFIX + "/b.json", 1L));

    CliRun text = config.run("batches", "list", "--status", "locked");
    JsonNode json = json(config.run("batches", "list", "--status", "locked", "--json"));

    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().toList()).satisfiesExactly(
        header -> assertThat(header).endsWith("files  bytes  stale"),
        dead -> assertThat(dead).contains("dead-loader").endsWith("1      1  stale"),
        loading -> assertThat(loading).contains("loading").endsWith("1      1"),
        summary -> assertThat(summary).isEqualTo("2 locked batches, 1 stale (no update for 30m)"));
    assertThat(json.get(0).get("stale").asBoolean()).isTrue();
    assertThat(json.get(1).get("stale").asBoolean()).isFalse();
  }

  @Test
  void jsonHasTheFieldsQueryBatchesPrintedAndTheBatchSize() throws Exception {
    lambda.batch(PREFIX, "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c", "complete", "1795618100.25",
        sized(PREFIX + "/part-0001.json", 10L, PREFIX + "/part-0002.json", 20L));

    JsonNode list = json(config.run("batches", "list", "--status", "complete", "--json"));

    assertThat(list).hasSize(1);
    assertThat(list.get(0)).isEqualTo(JSON.readTree("""
        {"s3Prefix": "bkt/logs/app.access", "batchId": "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c", "status": "complete",
         "lastUpdate": 1795618100.25, "lastUpdateDate": "2026-11-25T14:48:20.250Z", "files": 2, "bytes": 30,
         "stale": false}"""));
  }

  @Test
  void noMatchingBatchIsSaidInTextAndAnEmptyListInJson() throws Exception {
    CliRun text = config.run("batches", "list", "--status", "error");
    JsonNode json = json(config.run("batches", "list", "--status", "error", "--json"));

    assertThat(text.out()).isEqualTo("No error batches.\n");
    assertThat(json.isArray()).isTrue();
    assertThat(json).isEmpty();
  }

  @Test
  void anUnknownStatusIsAUsageError() {
    CliRun run = config.run("batches", "list", "--status", "stuck");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString()
        .startsWith("sluice: Invalid value for option '--status': unknown batch status \"stuck\"");
  }

  @Test
  void aTimeThatIsNeitherIsoNorEpochSecondsIsAUsageError() {
    CliRun run = config.run("batches", "list", "--status", "open", "--since", "yesterday");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString().contains("expected an ISO-8601 time");
  }

  @Test
  void sinceAfterUntilIsAUsageError() {
    CliRun run = config.run("batches", "list", "--status", "open", "--since", "1795618100", "--until", "1795618000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString()
        .isEqualTo("sluice: --since 2026-11-25T14:48:20Z is after --until 2026-11-25T14:46:40Z");
  }
}
