package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.AGENT;
import static io.sluice.agent.output.TestOutputs.CLOCK_START;
import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.quarantine.Quarantine;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.quarantine.QuarantinedFile;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.output.OutputConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code local} destination whose store refuses one file for good (a regular file stands where the file's
 * directory must go): that file goes to quarantine with its reason, the output moves on, and the quarantine library
 * ships it once the cause is gone. Also what a failure of the whole destination looks like meanwhile.
 */
class OutputQuarantineTest {

  private static final String QUARANTINE = "logs/_quarantine/host-1-archive-";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
  private final MutableClock clock = new MutableClock(CLOCK_START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final OutputMetrics metrics = OutputMetrics.register(registry);
  private final List<OutputDestination> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(OutputDestination::close);
  }

  private Path out() {
    return dir.resolve("out");
  }

  private OutputConfig archive() {
    return local("archive", out(), "**", rollLate());
  }

  private OutputDestination start(OutputConfig output, ObjectStore store) {
    OutputDestination destination = OutputDestination.builder(output, AGENT).bufferDirectory(dir.resolve("buffer"))
        .buffer(buffer).clock(clock).backoff(TestOutputs.quickBackoff()).metrics(metrics).store(store).build();
    started.add(destination);
    destination.start();
    return destination;
  }

  private static String key(String tag, int sequence) {
    return "logs/" + tag + "/" + HOUR_PATH + "/host-1-archive-" + String.format("%010d", sequence) + ".json";
  }

  private static String quarantined(int sequence, String suffix) {
    return QUARANTINE + String.format("%010d", sequence) + suffix;
  }

  /** Puts a regular file where the directory of {@code tag}'s keys must go. */
  private void blockTag(String tag) throws IOException {
    Files.createDirectories(out().resolve("logs"));
    Files.writeString(out().resolve("logs").resolve(tag), "in the way");
  }

  /** Appends one event of each tag, then ships both files (the blocked one first). */
  private void shipBlockedThenGood() {
    buffer.appendAll(event("app.bad", "{\"n\":1}"), event("app.good", "{\"n\":2}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    await().until(() -> keysBelow(dir.resolve("buffer/outputs/archive/spool")).size() == 2);
    clock.advance(Duration.ofHours(1));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
  }

  private Quarantine quarantine(UploadHook hook) {
    return Quarantine.of(archive(), AGENT.id(), new LocalObjectStore(out()), hook, dir.resolve("cli"));
  }

  private JsonNode json(Path file) throws IOException {
    return JSON.readTree(Files.readAllBytes(file));
  }

  @Test
  void aFileTheStoreRefusesForGoodIsQuarantinedAndTheOutputMovesOn() throws IOException {
    blockTag("app.bad");
    start(archive(), new LocalObjectStore(out()));

    shipBlockedThenGood();

    assertThat(keysBelow(out())).containsExactly("logs/_quarantine/host-1-archive-0000000000.json",
        "logs/_quarantine/host-1-archive-0000000000.reason.json", "logs/app.bad", key("app.good", 1));
    assertThat(Files.readAllLines(out().resolve(quarantined(0, ".json")), StandardCharsets.UTF_8))
        .containsExactly(line("app.bad", "\"n\":1"));
    assertThat(MetricValues.counter(registry, "sluice_output_files_quarantined", "destination", "archive",
        "reason", "path_obstacle")).isEqualTo(1);
  }

  @Test
  void theReasonObjectSaysWhyWhereFromAndWhereTo() throws IOException {
    blockTag("app.bad");
    start(archive(), new LocalObjectStore(out()));

    shipBlockedThenGood();

    JsonNode reason = json(out().resolve(quarantined(0, ".reason.json")));
    assertThat(reason.get("kind").asText()).isEqualTo("FILE");
    assertThat(reason.get("reason").asText()).isEqualTo("path_obstacle");
    assertThat(reason.get("detail").asText()).contains("app.bad");
    assertThat(reason.get("intended_key").asText()).isEqualTo(key("app.bad", 0));
    assertThat(reason.get("tag").asText()).isEqualTo("app.bad");
    assertThat(reason.get("destination").asText()).isEqualTo("archive");
    assertThat(reason.get("sequence").asLong()).isZero();
    assertThat(reason.get("first_index").asLong()).isEqualTo(buffer.indexOf(0));
    assertThat(reason.get("last_index").asLong()).isEqualTo(buffer.indexOf(0));
    assertThat(reason.get("records").asLong()).isEqualTo(1);
    assertThat(reason.get("quarantined_at").asText()).isEqualTo(CLOCK_START.plus(Duration.ofHours(1)).toString());
    assertThat(reason.toString()).doesNotContain("\"n\"");
  }

  @Test
  void aRetryAfterTheCauseIsGoneLandsTheFileOnceAndEmptiesTheQuarantine() throws Exception {
    blockTag("app.bad");
    start(archive(), new LocalObjectStore(out()));
    shipBlockedThenGood();
    Files.delete(out().resolve("logs/app.bad"));
    List<UploadedFile> hooked = new CopyOnWriteArrayList<>();
    Quarantine quarantine = quarantine(hooked::add);

    assertThat(quarantine.list()).extracting(file -> file.record().sequence(), file -> file.record().reason())
        .containsExactly(tuple(0L, "path_obstacle"));
    StoredObject stored = quarantine.retry(0).orElseThrow();

    assertThat(stored.key()).isEqualTo(key("app.bad", 0));
    assertThat(Files.readAllLines(out().resolve(key("app.bad", 0)), StandardCharsets.UTF_8))
        .containsExactly(line("app.bad", "\"n\":1"));
    assertThat(hooked).singleElement().satisfies(file -> {
      assertThat(file.tag()).isEqualTo("app.bad");
      assertThat(file.object().key()).isEqualTo(key("app.bad", 0));
    });
    assertThat(quarantine.list()).isEmpty();
    assertThat(quarantine.retry(0)).isEmpty();
    assertThat(keysBelow(out())).containsExactly(key("app.bad", 0), key("app.good", 1));
  }

  @Test
  void aGzipOutputsFileIsQuarantinedAsGzipUnderAJsonGzNameAndRetriedAsIs() throws Exception {
    OutputConfig gzipArchive = TestOutputs.gzip(archive());
    blockTag("app.bad");
    start(gzipArchive, new LocalObjectStore(out()));
    shipBlockedThenGood();
    Files.delete(out().resolve("logs/app.bad"));

    assertThat(keysBelow(out())).contains(quarantined(0, ".json.gz"), quarantined(0, ".reason.json"));
    assertThat(gunzip(out().resolve(quarantined(0, ".json.gz")))).isEqualTo(line("app.bad", "\"n\":1") + "\n");
    Quarantine quarantine = Quarantine.of(gzipArchive, AGENT.id(), new LocalObjectStore(out()), UploadHook.NONE,
        dir.resolve("cli"));
    StoredObject stored = quarantine.retry(0).orElseThrow();

    assertThat(stored.key()).isEqualTo(key("app.bad", 0) + ".gz");
    assertThat(gunzip(out().resolve(stored.key()))).isEqualTo(line("app.bad", "\"n\":1") + "\n");
    assertThat(keysBelow(out())).containsExactly(key("app.bad", 0) + ".gz", key("app.good", 1) + ".gz");
  }

  @Test
  void aGzipFileInQuarantineIsNotRetriedUnderAPlainKeyOnceTheOutputTurnedPlain() throws Exception {
    blockTag("app.bad");
    start(TestOutputs.gzip(archive()), new LocalObjectStore(out()));
    shipBlockedThenGood();
    Files.delete(out().resolve("logs/app.bad"));
    Quarantine quarantine = quarantine(UploadHook.NONE);

    assertThat(catchException(() -> quarantine.retry(0))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format.compression changed");
    assertThat(quarantine.drop(0, Kind.FILE)).isTrue();
    assertThat(keysBelow(out())).containsExactly(key("app.good", 1) + ".gz");
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRetryWhileTheCauseRemainsLeavesTheFileInQuarantine() throws Exception {
    blockTag("app.bad");
    start(archive(), new LocalObjectStore(out()));
    shipBlockedThenGood();
    Quarantine quarantine = quarantine(UploadHook.NONE);

    assertThat(catchException(() -> quarantine.retry(0))).isInstanceOf(IOException.class);

    assertThat(quarantine.list()).hasSize(1);
  }

  @Test
  void aDroppedFileIsGoneFromQuarantineForGood() throws IOException {
    blockTag("app.bad");
    start(archive(), new LocalObjectStore(out()));
    shipBlockedThenGood();
    Quarantine quarantine = quarantine(UploadHook.NONE);

    assertThat(quarantine.show(0, Kind.FILE)).map(QuarantinedFile::contentPresent).contains(true);
    assertThat(quarantine.drop(0, Kind.FILE)).isTrue();

    assertThat(quarantine.list()).isEmpty();
    assertThat(quarantine.drop(0, Kind.FILE)).isFalse();
    assertThat(keysBelow(out())).containsExactly("logs/app.bad", key("app.good", 1));
  }

  @Test
  void aCrashBetweenTheQuarantineWriteAndTheCommitWritesTheSameObjectsAgain() throws IOException {
    blockTag("app.bad");
    CrashPoint crash = new CrashPoint();
    OutputDestination crashed = start(archive(), crash.afterQuarantineReason(new LocalObjectStore(out())));
    buffer.append(event("app.bad", "{\"n\":1}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    await().until(() -> !keysBelow(dir.resolve("buffer/outputs/archive/spool")).isEmpty());
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();
    byte[] reasonBefore = Files.readAllBytes(out().resolve(quarantined(0, ".reason.json")));
    assertThat(buffer.shippedThrough("archive")).isLessThan(buffer.indexOf(0));

    buffer.append(event("app.good", "{\"n\":2}"));
    start(archive(), new LocalObjectStore(out()));
    await().until(() -> buffer.shippedThrough("archive") >= buffer.indexOf(0));
    clock.advance(Duration.ofHours(1));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());

    assertThat(keysBelow(out())).containsExactly(quarantined(0, ".json"), quarantined(0, ".reason.json"),
        "logs/app.bad", key("app.good", 1));
    assertThat(out().resolve(quarantined(0, ".reason.json"))).hasBinaryContent(reasonBefore);
  }

  @Test
  void aFailureOfTheWholeDestinationIsRetriedReportedAndNeverQuarantines() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    OutageObjectStore store = new OutageObjectStore(new LocalObjectStore(notADirectory), new LocalObjectStore(out()));
    OutputDestination destination = start(TestOutputs.withReadiness(archive(), Duration.ofHours(2),
        Duration.ofMinutes(1)), store);
    buffer.append(event("app.web", "{\"n\":1}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    await().until(() -> !keysBelow(dir.resolve("buffer/outputs/archive/spool")).isEmpty());
    clock.advance(Duration.ofHours(1));
    await().until(() -> store.failures().size() >= 3);

    assertThat(destination.status().failure()).startsWith("io: ");
    assertThat(destination.status().failingSince()).isEqualTo(CLOCK_START.plus(Duration.ofHours(1)));
    assertThat(destination.readinessProblem()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(destination.readinessProblem()).hasValueSatisfying(problem -> assertThat(problem).contains("io: "));
    store.restore();

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(destination.status().failure()).isNull();
    assertThat(destination.readinessProblem()).isEmpty();
    assertThat(store.storedKeys()).containsExactly(key("app.web", 0));
    assertThat(destination.status().filesQuarantined()).isZero();
  }

  @Test
  void anOutputWithABacklogAndNoProgressForStallAfterIsNotReady() {
    OutputDestination destination = start(TestOutputs.withReadiness(archive(), Duration.ofMinutes(15),
        Duration.ofMinutes(1)), new LocalObjectStore(out()));
    buffer.append(event("app.web", "{\"n\":1}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    await().until(() -> !keysBelow(dir.resolve("buffer/outputs/archive/spool")).isEmpty());

    clock.advance(Duration.ofMinutes(15));

    assertThat(destination.readinessProblem()).hasValueSatisfying(
        problem -> assertThat(problem).startsWith("no progress since"));
    clock.advance(Duration.ofMinutes(45));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(destination.readinessProblem()).isEmpty();
  }

  @Test
  void statusCountsOpenWaitingAndQuarantinedFilesAndTheLastUpload() throws IOException {
    blockTag("app.bad");
    OutputDestination destination = start(archive(), new LocalObjectStore(out()));
    buffer.append(event("app.web", "{\"n\":1}"));
    await().until(() -> destination.status().filesOpen() == 1);
    assertThat(destination.status().lastUpload()).isNull();

    clock.advance(Duration.ofHours(1));
    buffer.append(event("app.bad", "{\"n\":2}"));
    await().until(() -> buffer.shippedThrough("archive") >= buffer.indexOf(0));
    clock.advance(Duration.ofHours(1));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());

    OutputStatus status = destination.status();
    assertThat(status.name()).isEqualTo("archive");
    assertThat(status.filesOpen()).isZero();
    assertThat(status.filesWaiting()).isZero();
    assertThat(status.filesQuarantined()).isEqualTo(1);
    assertThat(status.lastUpload()).isEqualTo(CLOCK_START.plus(Duration.ofHours(1)));
    assertThat(status.target()).isEqualTo(out().toAbsolutePath().toString());
  }

  private static RecordBatch records(String tag, String... bodies) {
    List<Record> records = new ArrayList<>();
    for (String body : bodies) {
      records.add(new Record(TestOutputs.EVENT_NANOS, RecordEncoding.JSON,
          body.getBytes(StandardCharsets.UTF_8)));
    }
    return new RecordBatch(tag, records);
  }

  @Test
  void unreadableRecordsGoToQuarantineAsReceivedWhileTheReadableOnesShip() throws IOException {
    OutputDestination destination = start(archive(), new LocalObjectStore(out()));
    buffer.append(records("app.web", "{\"n\":1}", "{\"n\":"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());

    destination.close();

    assertThat(Files.readAllLines(out().resolve(key("app.web", 0)), StandardCharsets.UTF_8))
        .containsExactly(line("app.web", "\"n\":1"));
    JsonNode rejected = JSON.readTree(Files.readAllLines(out().resolve(quarantined(0, "-malformed.json"))).get(0));
    assertThat(rejected.get("tag").asText()).isEqualTo("app.web");
    assertThat(rejected.get("index").asLong()).isEqualTo(buffer.indexOf(0));
    assertThat(Base64.getDecoder().decode(rejected.get("raw_base64").asText()))
        .isEqualTo("{\"n\":".getBytes(StandardCharsets.UTF_8));
    JsonNode reason = json(out().resolve(quarantined(0, "-malformed.reason.json")));
    assertThat(reason.get("kind").asText()).isEqualTo("MALFORMED_RECORDS");
    assertThat(reason.get("reason").asText()).isEqualTo("malformed_records");
    assertThat(reason.get("records").asLong()).isEqualTo(1);
    assertThat(MetricValues.counter(registry, "sluice_output_malformed_records", "destination", "archive"))
        .isEqualTo(1);
  }

  @Test
  void anEntryWithOnlyUnreadableRecordsLeavesOnlyItsQuarantine() {
    OutputDestination destination = start(archive(), new LocalObjectStore(out()));
    buffer.append(records("app.web", "{\"n\":"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());

    destination.close();

    assertThat(keysBelow(out())).containsExactly(quarantined(0, "-malformed.json"),
        quarantined(0, "-malformed.reason.json"));
    assertThat(buffer.shippedThrough("archive")).isEqualTo(buffer.lastIndex());
  }

  @Test
  void quarantinedUnreadableRecordsCannotBeRetriedOnlyDropped() throws Exception {
    OutputDestination destination = start(archive(), new LocalObjectStore(out()));
    buffer.append(records("app.web", "{\"n\":"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    destination.close();
    Quarantine quarantine = quarantine(UploadHook.NONE);

    assertThat(catchException(() -> quarantine.retry(0)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(quarantine.drop(0, Kind.MALFORMED_RECORDS)).isTrue();

    assertThat(keysBelow(out())).isEmpty();
  }

  @Test
  void gaugesShowTheBacklogFilesTheCurrentFailureAndTheLastUpload() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    OutageObjectStore store = new OutageObjectStore(new LocalObjectStore(notADirectory), new LocalObjectStore(out()));
    start(archive(), store);
    buffer.append(event("app.web", "{\"n\":1}"));
    await().until(() -> MetricValues.gauge(registry, "sluice_output_files", "destination", "archive", "state",
        "open") == 1);
    assertThat(MetricValues.gauge(registry, "sluice_output_backlog_records", "destination", "archive")).isEqualTo(1);
    assertThat(MetricValues.gauge(registry, "sluice_output_failing", "destination", "archive", "reason", "none"))
        .isZero();
    clock.advance(Duration.ofHours(1));

    await().until(() -> MetricValues.gauge(registry, "sluice_output_failing", "destination", "archive", "reason",
        "io") == 1);
    assertThat(MetricValues.gauge(registry, "sluice_output_files", "destination", "archive", "state", "waiting"))
        .isEqualTo(1);
    store.restore();

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(MetricValues.gauge(registry, "sluice_output_backlog_records", "destination", "archive")).isZero();
    assertThat(MetricValues.gauge(registry, "sluice_output_files", "destination", "archive", "state", "waiting"))
        .isZero();
    assertThat(MetricValues.gauge(registry, "sluice_output_last_upload_timestamp_seconds", "destination", "archive"))
        .isEqualTo(CLOCK_START.plus(Duration.ofHours(1)).getEpochSecond());
    assertThat(MetricValues.gauge(registry, "sluice_output_failing", "destination", "archive", "reason", "none"))
        .isZero();
  }
}
