package io.sluice.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.sluice.agent.output.UploadedFile;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.TrackerException;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class TrackerUploadHookTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String KEY = "logs/app.access/2026/11/25/15/agg-s3-0000000007.json";

  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private DynamoDbClient client;
  private TrackerUploadHook hook;

  @BeforeEach
  void setUp(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    hook = new TrackerUploadHook(new FileRegistrar(client, TABLES, Clock.systemUTC(), duration -> { }, 3),
        () -> true, Set.of("s3"), metrics);
  }

  @Test
  void uploadedFileIsRegisteredInTheCurrentBatchOfItsPrefix() {
    putConfig("bkt/logs", null);

    hook.uploaded(file("s3", KEY));

    Map<String, AttributeValue> processed = client.getItem(r -> r.tableName(TABLES.files())
        .key(Map.of("loadFile", AttributeValue.fromS("bkt/" + KEY)))).item();
    assertThat(processed.get("batchId").s()).isEqualTo("b-1");
    assertThat(count("s3", "registered")).isEqualTo(1);
  }

  @Test
  void fileUploadedAgainAfterACrashIsAcceptedAsAlreadyRegistered() {
    putConfig("bkt/logs", null);
    hook.uploaded(file("s3", KEY));

    hook.uploaded(file("s3", KEY));

    assertThat(count("s3", "already_registered")).isEqualTo(1);
  }

  @Test
  void fileUnderAPrefixWithoutConfigIsAcceptedUnregisteredAndCounted() {
    putConfig("other/logs", null);

    hook.uploaded(file("s3", KEY));

    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
    assertThat(count("s3", "unconfigured")).isEqualTo(1);
  }

  @Test
  void fileTheConfigsFilenameFilterExcludesIsAcceptedUnregistered() {
    putConfig("bkt/logs", "\\.csv$");

    hook.uploaded(file("s3", KEY));

    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
    assertThat(count("s3", "filtered")).isEqualTo(1);
  }

  @Test
  void filesOfLocalOutputsAreNotRegistered() {
    hook.uploaded(file("archive", KEY));

    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
  }

  @Test
  void unreachableTrackerFailsTheCallSoTheOutputRetriesWithoutCommitting() {
    putConfig("bkt/logs", null);
    client.deleteTable(r -> r.tableName(TABLES.batches()));

    assertThatThrownBy(() -> hook.uploaded(file("s3", KEY))).isInstanceOf(SdkException.class);
  }

  @Test
  void fileIsHeldBackWhileTheTrackerIsNotPreparedYet() {
    TrackerUploadHook notReady = new TrackerUploadHook(
        new FileRegistrar(client, TABLES, Clock.systemUTC(), duration -> { }, 3), () -> false, Set.of("s3"),
        new PrometheusRegistry());

    assertThatThrownBy(() -> notReady.uploaded(file("s3", KEY))).isInstanceOf(TrackerException.class)
        .hasMessageContaining("not prepared yet");
    assertThat(client.scan(r -> r.tableName(TABLES.files())).count()).isZero();
  }

  private void putConfig(String s3Prefix, String filter) {
    Map<String, AttributeValue> item = new HashMap<>(Map.of(
        "s3Prefix", AttributeValue.fromS(s3Prefix),
        "currentBatch", AttributeValue.fromS("b-1"),
        "version", AttributeValue.fromS("2.8.3"),
        "batchSize", AttributeValue.fromN("10")));
    if (filter != null) {
      item.put("filenameFilterRegex", AttributeValue.fromS(filter));
    }
    client.putItem(r -> r.tableName(TABLES.config()).item(item));
  }

  private static UploadedFile file(String destination, String key) {
    return new UploadedFile(destination, "app.access", 7, 100, 120, 500, Instant.parse("2026-11-25T15:00:00Z"),
        new StoredObject("bkt", key, 123_456, "\"etag\""));
  }

  private double count(String destination, String outcome) {
    return metrics.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals("sluice_tracker_registrations"))
        .flatMap(snapshot -> snapshot.getDataPoints().stream())
        .filter(point -> destination.equals(point.getLabels().get("destination"))
            && outcome.equals(point.getLabels().get("outcome")))
        .mapToDouble(point -> ((CounterDataPointSnapshot) point).getValue())
        .sum();
  }
}
