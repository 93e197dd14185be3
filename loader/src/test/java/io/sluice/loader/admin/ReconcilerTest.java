package io.sluice.loader.admin;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.admin.ReconcileReport.Finding;
import io.sluice.loader.admin.ReconcileReport.Kind;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class ReconcilerTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String OTHER_PREFIX = "bkt/logs/app.error";
  private static final String CURRENT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
  private static final String COMPLETE = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String ORPHAN = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
  private static final Instant NOW = Instant.parse("2026-11-25T15:04:05.123Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** Received an hour ago: well past the grace period. */
  private static final String LONG_AGO = "2026-11-25 14:04:05";
  /** The Lambda's manifest name holds a space. */
  private static final String MANIFEST_KEY = "redshift/manifest/manifest-2026-11-25 14:30:00-417";

  private LambdaItems lambda;
  private S3Client s3;
  private Reconciler reconciler;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 localS3) {
    new TrackerTables(ddb.client(), TABLES, BillingMode.ON_DEMAND).createIfMissing();
    lambda = new LambdaItems(ddb.client(), TABLES);
    s3 = localS3.client();
    localS3.createBucket("bkt");
    localS3.createBucket("manifests-bkt");
    FileRegistrar registrar = new FileRegistrar(ddb.client(), TABLES, CLOCK, Sleeper.blocking(), 3);
    reconciler = new Reconciler(new BatchTable(ddb.client(), TABLES, CLOCK),
        new ConfigTable(ddb.client(), TABLES, CLOCK), new FileTable(ddb.client(), TABLES), registrar, s3, CLOCK,
        Duration.ofMinutes(10));
    lambda.config(PREFIX, CURRENT);
  }

  private void putObject(String key, int bytes) {
    s3.putObject(r -> r.bucket("bkt").key(key), RequestBody.fromBytes(new byte[bytes]));
  }

  /** The manifest the Lambda wrote: one entry per file it saw, {@code +} turned into a space. */
  private void putManifest(String... urls) {
    StringBuilder body = new StringBuilder("{\"entries\":[");
    for (int i = 0; i < urls.length; i++) {
      body.append(i == 0 ? "" : ",").append("{\"url\":\"").append(urls[i])
          .append("\",\"mandatory\":true,\"meta\":{\"content_length\":10}}");
    }
    body.append("]}");
    s3.putObject(r -> r.bucket("manifests-bkt").key(MANIFEST_KEY),
        RequestBody.fromString(body.toString(), StandardCharsets.UTF_8));
  }

  /**
   * H1: a complete batch whose manifest misses {@code late.json}, added after the flusher's snapshot; the file
   * with a space ({@code +} in the batch) is listed.
   */
  private void stageMissingFromManifest() {
    lambda.batch(PREFIX, COMPLETE, "complete", "manifests-bkt/" + MANIFEST_KEY,
        sized(PREFIX + "/my+file.json", 10L, PREFIX + "/late.json", 20L));
    lambda.file(PREFIX + "/my+file.json", LONG_AGO, COMPLETE);
    lambda.file(PREFIX + "/late.json", LONG_AGO, COMPLETE);
    putManifest("s3://" + PREFIX + "/my file.json");
  }

  /** H5: an open batch that setup.js orphaned by writing a new currentBatch. */
  private void stageOrphanedOpenBatch() {
    lambda.batch(PREFIX, ORPHAN, "open", null, sized(PREFIX + "/o1.json", 5L, PREFIX + "/o2.json", 6L));
    lambda.file(PREFIX + "/o1.json", LONG_AGO, ORPHAN);
    lambda.file(PREFIX + "/o2.json", LONG_AGO, ORPHAN);
  }

  /** H3: a file in the current batch whose fire-and-forget link was lost. */
  private void stageUnlinkedFileInABatch() {
    lambda.batch(PREFIX, CURRENT, "open", null, sized(PREFIX + "/linked.json", 7L, PREFIX + "/lost-link.json", 8L));
    lambda.file(PREFIX + "/linked.json", LONG_AGO, CURRENT);
    lambda.file(PREFIX + "/lost-link.json", LONG_AGO, null);
  }

  @Test
  void fileMissingFromTheManifestOfACompleteBatchIsRegisteredAgain() {
    stageMissingFromManifest();

    ReconcileReport report = reconciler.reconcile(null, false);

    assertThat(report.findings()).containsExactly(new Finding(Kind.MISSING_FROM_MANIFEST, PREFIX, COMPLETE,
        PREFIX + "/late.json", "re-registered into batch " + CURRENT));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(PREFIX + "/late.json:20");
    assertThat(lambda.rawFile(PREFIX + "/late.json"))
        .containsEntry("batchId", AttributeValue.fromS(CURRENT))
        .containsEntry("previousBatches", AttributeValue.fromL(List.of(AttributeValue.fromS(COMPLETE))));
    assertThat(lambda.rawFile(PREFIX + "/my+file.json").get("batchId").s()).isEqualTo(COMPLETE);
    assertThat(lambda.rawBatch(PREFIX, COMPLETE).get("status").s()).isEqualTo("complete");
  }

  @Test
  void aRepairedManifestGapIsNotReportedAgain() {
    stageMissingFromManifest();
    reconciler.reconcile(null, false);

    assertThat(reconciler.reconcile(null, false).findings()).isEmpty();
    assertThat(lambda.entryMap(PREFIX, CURRENT)).hasSize(1);
  }

  @Test
  void lostLinkIsBackFilledFromTheBatchThatListsTheFile() {
    stageUnlinkedFileInABatch();

    ReconcileReport report = reconciler.reconcile(null, false);

    assertThat(report.findings()).containsExactly(new Finding(Kind.UNLINKED_FILE, PREFIX, CURRENT,
        PREFIX + "/lost-link.json", "linked to batch " + CURRENT));
    assertThat(lambda.rawFile(PREFIX + "/lost-link.json").get("batchId").s()).isEqualTo(CURRENT);
    assertThat(lambda.entryMap(PREFIX, CURRENT)).hasSize(2);
  }

  @Test
  void unlinkedFileThatNoBatchListsIsRegisteredAgainWithItsSizeFromS3() {
    putObject("logs/app.access/never-added.json", 77);
    lambda.file(PREFIX + "/never-added.json", LONG_AGO, null);

    ReconcileReport report = reconciler.reconcile(null, false);

    assertThat(report.findings()).containsExactly(new Finding(Kind.UNLINKED_FILE, PREFIX, null,
        PREFIX + "/never-added.json", "re-registered into batch " + CURRENT));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(PREFIX + "/never-added.json:77");
    assertThat(lambda.rawFile(PREFIX + "/never-added.json").get("batchId").s()).isEqualTo(CURRENT);
  }

  @Test
  void unlinkedFileWithinTheGracePeriodIsLeftToItsRegistration() {
    putObject("logs/app.access/in-flight.json", 77);
    lambda.file(PREFIX + "/in-flight.json", "2026-11-25 15:00:00", null);

    assertThat(reconciler.reconcile(null, false).findings()).isEmpty();
    assertThat(lambda.rawFile(PREFIX + "/in-flight.json")).doesNotContainKey("batchId");
    assertThat(lambda.rawBatch(PREFIX, CURRENT)).isEmpty();
  }

  @Test
  void orphanedOpenBatchIsLockedAndItsFilesRegisteredIntoTheCurrentBatch() {
    stageOrphanedOpenBatch();

    ReconcileReport report = reconciler.reconcile(null, false);

    String action = "re-registered into batch " + CURRENT;
    assertThat(report.findings()).containsExactly(
        new Finding(Kind.ORPHANED_OPEN_BATCH, PREFIX, ORPHAN, PREFIX + "/o1.json", action),
        new Finding(Kind.ORPHANED_OPEN_BATCH, PREFIX, ORPHAN, PREFIX + "/o2.json", action));
    assertThat(lambda.rawBatch(PREFIX, ORPHAN))
        .containsEntry("status", AttributeValue.fromS("reprocessed"))
        .containsEntry("updateReason", AttributeValue.fromS("Reprocessing initiated by reprocessBatch request"));
    assertThat(lambda.entryMap(PREFIX, CURRENT)).containsExactly(PREFIX + "/o1.json:5", PREFIX + "/o2.json:6");
    assertThat(lambda.rawFile(PREFIX + "/o2.json"))
        .containsEntry("batchId", AttributeValue.fromS(CURRENT))
        .containsEntry("previousBatches", AttributeValue.fromL(List.of(AttributeValue.fromS(ORPHAN))));
  }

  @Test
  void theCurrentOpenBatchIsNoOrphan() {
    stageUnlinkedFileInABatch();
    lambda.file(PREFIX + "/lost-link.json", LONG_AGO, CURRENT);

    assertThat(reconciler.reconcile(null, false).findings()).isEmpty();
    assertThat(lambda.rawBatch(PREFIX, CURRENT).get("status").s()).isEqualTo("open");
  }

  @Test
  void dryRunReportsEveryHazardAndWritesNothing() {
    stageMissingFromManifest();
    stageOrphanedOpenBatch();
    stageUnlinkedFileInABatch();
    List<Map<String, AttributeValue>> before = lambda.everything();

    ReconcileReport report = reconciler.reconcile(null, true);

    assertThat(lambda.everything()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(report.of(Kind.MISSING_FROM_MANIFEST)).extracting(Finding::file, Finding::action)
        .containsExactly(tuple(PREFIX + "/late.json",
            "would re-register into the current batch of " + PREFIX));
    assertThat(report.of(Kind.ORPHANED_OPEN_BATCH)).extracting(Finding::file)
        .containsExactly(PREFIX + "/o1.json", PREFIX + "/o2.json");
    assertThat(report.of(Kind.ORPHANED_OPEN_BATCH)).extracting(Finding::action)
        .containsOnly("would lock the batch and re-register into the current batch " + CURRENT);
    assertThat(report.of(Kind.UNLINKED_FILE)).extracting(Finding::file, Finding::action)
        .containsExactly(tuple(PREFIX + "/lost-link.json",
            "would link to batch " + CURRENT));
  }

  @Test
  void aPrefixLimitsTheReconcileToThatConfig() {
    stageOrphanedOpenBatch();
    lambda.config(OTHER_PREFIX, "11111111-1111-4111-8111-111111111111");
    lambda.batch(OTHER_PREFIX, ORPHAN, "open", null, sized(OTHER_PREFIX + "/e1.json", 5L));

    ReconcileReport report = reconciler.reconcile(OTHER_PREFIX, false);

    assertThat(report.findings()).extracting(Finding::s3Prefix).containsOnly(OTHER_PREFIX);
    assertThat(lambda.rawBatch(OTHER_PREFIX, ORPHAN).get("status").s()).isEqualTo("reprocessed");
    assertThat(lambda.rawBatch(PREFIX, ORPHAN).get("status").s()).isEqualTo("open");
  }
}
