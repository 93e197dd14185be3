package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.loader.tracker.LambdaTime;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesReconcileCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String COMPLETE = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String ORPHAN = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
  private static final String MANIFEST_KEY = "redshift/manifest/manifest-2026-11-25 14:30:00-417";

  @TempDir
  Path dir;

  private LambdaTracker lambda;
  private LocalS3 s3;
  private AdminConfigFile config;
  /** Received an hour ago: well past the default grace of 10 minutes. */
  private String anHourAgo;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    this.s3 = s3;
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3);
    s3.createBucket("bkt");
    s3.createBucket("manifests-bkt");
    lambda.config(PREFIX, CURRENT);
    anHourAgo = LambdaTime.readable(Instant.now().minus(Duration.ofHours(1)));
  }

  /** H3: a file in the current batch whose fire-and-forget link was lost. */
  private void stageLostLink() {
    lambda.batch(PREFIX, CURRENT, "open", "1795618100", sized(PREFIX + "/linked.json", 7L,
        PREFIX + "/lost-link.json", 8L));
    lambda.file(PREFIX + "/linked.json", anHourAgo, CURRENT);
    lambda.file(PREFIX + "/lost-link.json", anHourAgo, null);
  }

  /** H1: a complete batch whose manifest misses {@code late.json}, added after the Lambda's snapshot. */
  private void stageMissingFromManifest() {
    lambda.batch(PREFIX, COMPLETE, "complete", "1795617000", sized(PREFIX + "/early.json", 10L,
        PREFIX + "/late.json", 20L), Map.of("manifestFile", AttributeValue.fromS("manifests-bkt/" + MANIFEST_KEY)));
    lambda.file(PREFIX + "/early.json", anHourAgo, COMPLETE);
    lambda.file(PREFIX + "/late.json", anHourAgo, COMPLETE);
    s3.client().putObject(r -> r.bucket("manifests-bkt").key(MANIFEST_KEY), RequestBody.fromString(
        "{\"entries\":[{\"url\":\"s3://" + PREFIX + "/early.json\",\"mandatory\":true}]}", StandardCharsets.UTF_8));
  }

  /** H5: an open batch that setup.js orphaned by writing a new currentBatch. */
  private void stageOrphanedOpenBatch() {
    lambda.batch(PREFIX, ORPHAN, "open", "1795616000", sized(PREFIX + "/orphan.json", 5L));
    lambda.file(PREFIX + "/orphan.json", anHourAgo, ORPHAN);
  }

  @Test
  void dryRunReportsALostLinkAndWritesNothing() {
    stageLostLink();
    List<Map<String, AttributeValue>> before = lambda.everything();

    CliRun run = config.run("batches", "reconcile", "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        Dry run: nothing was written.
        finding             file                                batchId                               action
        unlinked-file (H3)  bkt/logs/app.access/lost-link.json  %1$s  would link to batch %1$s
        1 finding: 1 unlinked-file
        """.formatted(CURRENT));
    assertThat(lambda.everything()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void withoutDryRunTheLostLinkIsBackFilled() {
    stageLostLink();

    CliRun run = config.run("batches", "reconcile");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("unlinked-file (H3)  bkt/logs/app.access/lost-link.json  " + CURRENT
        + "  linked to batch " + CURRENT);
    assertThat(lambda.rawFile(PREFIX + "/lost-link.json").get("batchId").s()).isEqualTo(CURRENT);
    assertThat(config.run("batches", "reconcile").out())
        .isEqualTo("No findings: every batch and processed file checked is consistent.\n");
  }

  @Test
  void dryRunReportsEveryHazardItRepairs() {
    stageMissingFromManifest();
    stageOrphanedOpenBatch();
    stageLostLink();

    CliRun run = config.run("batches", "reconcile", "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        Dry run: nothing was written.
        finding                     file                                batchId                               action
        missing-from-manifest (H1)  bkt/logs/app.access/late.json       %2$s  would re-register into the current batch of bkt/logs/app.access
        orphaned-open-batch (H5)    bkt/logs/app.access/orphan.json     %3$s  would lock the batch and re-register into the current batch %1$s
        unlinked-file (H3)          bkt/logs/app.access/lost-link.json  %1$s  would link to batch %1$s
        3 findings: 1 missing-from-manifest, 1 orphaned-open-batch, 1 unlinked-file
        """.formatted(CURRENT, COMPLETE, ORPHAN));
  }

  @Test
  void jsonHasOneObjectPerFinding() throws Exception {
    stageLostLink();

    CliRun run = config.run("batches", "reconcile", "--dry-run", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report).isEqualTo(new ObjectMapper().readTree("""
        {"dryRun": true, "findings": [{"kind": "unlinked-file", "hazard": "H3", "s3Prefix": "%1$s",
          "batchId": "%2$s", "file": "%1$s/lost-link.json", "action": "would link to batch %2$s"}]}"""
        .formatted(PREFIX, CURRENT)));
  }

  @Test
  void aFileUnlinkedForLessThanTheGraceIsLeftToItsRegistration() {
    stageLostLink();

    CliRun run = config.run("batches", "reconcile", "--dry-run", "--grace", "2h");

    assertThat(run.out()).endsWith("No findings: every batch and processed file checked is consistent.\n");
  }

  @Test
  void aPrefixLimitsTheReconcileToThatConfig() {
    stageLostLink();

    CliRun run = config.run("batches", "reconcile", "--prefix", "bkt/logs/app.error");

    assertThat(run.out()).isEqualTo(
        "No findings under bkt/logs/app.error: every batch and processed file checked is consistent.\n");
    assertThat(lambda.rawFile(PREFIX + "/lost-link.json")).doesNotContainKey("batchId");
  }

  @Test
  void aGraceThatIsNoDurationIsAUsageError() {
    CliRun run = config.run("batches", "reconcile", "--grace", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).first().asString().contains("expected a duration such as 30s");
  }

  @Test
  void aManifestStoreThatCannotBeFoundIsNamedInOneLineWithoutVerbose() throws Exception {
    stageMissingFromManifest();
    String unknown = "http://sluice-no-such-host.invalid:9000";
    Files.writeString(config.file(), Files.readString(config.file()).replace(s3.endpoint().toString(), unknown));

    CliRun run = config.run("batches", "reconcile", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("sluice: s3 (loader.s3) region=us-east-1 endpoint=" + unknown
        + ": UnknownHostException").hasLineCount(1);
  }
}
