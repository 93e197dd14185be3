package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.AGENT;
import static io.sluice.agent.output.TestOutputs.CLOCK_START;
import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.roll;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.RollConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code local} destination end to end: routing, rolling, keys, commits and restarts, against a directory. */
class OutputDestinationTest {

  private static final String PAD = "x".repeat(400);

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
  private final MutableClock clock = new MutableClock(CLOCK_START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final OutputMetrics metrics = OutputMetrics.register(registry);
  private final List<OutputDestination> started = new ArrayList<>();

  @AfterEach
  void closeAllAndCheckNothingFailedInside() {
    started.forEach(OutputDestination::close);
    assertThat(MetricValues.counter(registry, "sluice_output_rewinds", "destination", "archive")).isZero();
  }

  private Path out() {
    return dir.resolve("out");
  }

  private OutputConfig archive(String match, RollConfig roll) {
    return local("archive", out(), match, roll);
  }

  private OutputDestination.Builder builder(OutputConfig output) {
    return OutputDestination.builder(output, AGENT).bufferDirectory(dir.resolve("buffer")).buffer(buffer)
        .clock(clock).backoff(TestOutputs.quickBackoff()).metrics(metrics);
  }

  private OutputDestination start(OutputDestination.Builder builder) {
    OutputDestination destination = builder.build();
    started.add(destination);
    destination.start();
    return destination;
  }

  private List<String> lines(String key) throws IOException {
    return Files.readAllLines(out().resolve(key), StandardCharsets.UTF_8);
  }

  private String key(String tag, int sequence) {
    return "logs/" + tag + "/" + HOUR_PATH + "/host-1-archive-" + String.format("%010d", sequence) + ".json";
  }

  private List<String> spoolFiles() {
    return keysBelow(dir.resolve("buffer/outputs/archive/spool"));
  }

  /** Waits until the destination has read every entry appended so far; close() seals only what was read. */
  private void awaitRead() {
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
  }

  /** Waits until the one entry appended has opened a file, whose age the clock then counts from. */
  private void awaitOpenFile() {
    await().until(() -> !spoolFiles().isEmpty());
  }

  @Test
  void aFileIsSealedByTheBatchThatMakesItReachRollSize() throws IOException {
    start(builder(archive("**", roll(1024, Duration.ofHours(1)))));

    for (int n = 1; n <= 5; n++) {
      buffer.append(event("app.web", "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}"));
    }

    await().until(() -> keysBelow(out()).contains(key("app.web", 0)));
    assertThat(lines(key("app.web", 0))).hasSize(3);
    assertThat(keysBelow(out())).containsExactly(key("app.web", 0));
  }

  @Test
  void aFileIsSealedOnceRollAgeHasPassedOnTheClock() throws IOException {
    start(builder(archive("**", roll(64L << 20, Duration.ofMinutes(5)))));
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitOpenFile();

    clock.advance(Duration.ofMinutes(5));

    await().until(() -> keysBelow(out()).contains(key("app.web", 0)));
    assertThat(lines(key("app.web", 0))).containsExactly(line("app.web", "\"n\":1"));
  }

  @Test
  void keysFollowTheTemplateWithOneSequenceNumberPerFile() {
    start(builder(archive("**", roll(1024, Duration.ofHours(1)))));

    for (int n = 1; n <= 3; n++) {
      buffer.append(event(n == 2 ? "app.db" : "app.web", "{\"n\":" + n + ",\"pad\":\"" + PAD + PAD + PAD + "\"}"));
    }

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(keysBelow(out())).containsExactly(key("app.db", 1), key("app.web", 0), key("app.web", 2));
  }

  @Test
  void eachTagIsWrittenToItsOwnFile() throws IOException {
    OutputDestination destination = start(builder(archive("**", rollLate())));
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.db", "{\"n\":2}"), event("app.web", "{\"n\":3}"));
    awaitRead();

    destination.close();

    assertThat(lines(key("app.web", 0))).containsExactly(line("app.web", "\"n\":1"), line("app.web", "\"n\":3"));
    assertThat(lines(key("app.db", 1))).containsExactly(line("app.db", "\"n\":2"));
  }

  @Test
  void entriesOfOtherTagsAreSkippedYetMarkedShipped() {
    start(builder(archive("app.**", rollLate())));

    buffer.appendAll(event("audit.login", "{\"n\":1}"), event("audit.logout", "{\"n\":2}"));

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(keysBelow(out())).isEmpty();
    assertThat(buffer.unshippedBytes()).isZero();
  }

  @Test
  void aBatchOfOneSliceIsNeverSplitAcrossFiles() throws IOException {
    start(builder(archive("**", roll(1024, Duration.ofHours(1)))));
    List<Record> records = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      records.add(new Record(TestOutputs.EVENT_NANOS, RecordEncoding.JSON,
          ("{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    buffer.append(new RecordBatch("app.web", records));

    await().until(() -> keysBelow(out()).contains(key("app.web", 0)));
    assertThat(lines(key("app.web", 0))).hasSize(10);
  }

  @Test
  void gracefulCloseSealsAndShipsEveryOpenFile() throws IOException {
    OutputDestination destination = start(builder(archive("**", rollLate())));
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.web", "{\"n\":2}"));
    awaitRead();

    destination.close();

    assertThat(lines(key("app.web", 0))).containsExactly(line("app.web", "\"n\":1"), line("app.web", "\"n\":2"));
    assertThat(buffer.shippedThrough("archive")).isEqualTo(buffer.lastIndex());
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void theQueuePositionStaysBeforeAFileUntilTheStoreConfirmsIt() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    OutageObjectStore store = new OutageObjectStore(new LocalObjectStore(notADirectory), new LocalObjectStore(out()));
    start(builder(archive("**", rollLate())).store(store));
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitOpenFile();
    clock.advance(Duration.ofHours(1));

    await().until(() -> store.failures().size() >= 3);
    assertThat(buffer.shippedThrough("archive")).isLessThan(buffer.indexOf(0));
    store.restore();

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(store.storedKeys()).containsExactly(key("app.web", 0));
  }

  @Test
  void aFailingUploadHookIsRetriedAndHoldsThePositionUntilItAccepts() {
    AtomicInteger calls = new AtomicInteger();
    List<Long> shippedWhenCalled = new ArrayList<>();
    UploadHook flakyTracker = file -> {
      shippedWhenCalled.add(buffer.shippedThrough("archive"));
      if (calls.incrementAndGet() < 3) {
        throw new IOException("tracker unavailable");
      }
    };
    OutputDestination destination = start(builder(archive("**", rollLate())).uploadHook(flakyTracker));
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitRead();

    destination.close();

    assertThat(calls).hasValue(3);
    assertThat(shippedWhenCalled).allMatch(index -> index < buffer.indexOf(0));
    assertThat(buffer.shippedThrough("archive")).isEqualTo(buffer.lastIndex());
  }

  @Test
  void aRestartContinuesTheSequenceAndShipsNothingTwice() throws IOException {
    OutputDestination first = start(builder(archive("**", rollLate())));
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitRead();
    first.close();

    OutputDestination second = start(builder(archive("**", rollLate())));
    buffer.append(event("app.web", "{\"n\":2}"));
    awaitRead();
    second.close();

    assertThat(keysBelow(out())).containsExactly(key("app.web", 0), key("app.web", 1));
    assertThat(lines(key("app.web", 1))).containsExactly(line("app.web", "\"n\":2"));
  }

  @Test
  void aFileSealedBeforeACrashIsUploadedAfterTheRestartUnderItsJournaledKey() throws IOException {
    CrashPoint crash = new CrashPoint();
    ObjectStore real = new LocalObjectStore(out());
    OutputDestination crashed = start(builder(archive("**", rollLate())).store(crash.beforeUpload(real)));
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.web", "{\"n\":2}"));
    awaitRead();
    awaitOpenFile();
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();
    assertThat(keysBelow(out())).isEmpty();

    buffer.append(event("app.web", "{\"n\":3}"));
    OutputDestination restarted = start(builder(archive("**", rollLate())));
    await().until(() -> buffer.shippedThrough("archive") >= buffer.indexOf(1));
    restarted.close();

    assertThat(lines(key("app.web", 0))).containsExactly(line("app.web", "\"n\":1"), line("app.web", "\"n\":2"));
    assertThat(lines(key("app.web", 1))).containsExactly(line("app.web", "\"n\":3"));
  }

  @Test
  void aLocalDestinationLaysFilesOutLikeKeysAndLeavesNoTempFiles() throws IOException {
    OutputDestination destination = start(builder(archive("**", rollLate())));
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app/weird tag", "{\"n\":2}"));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("app.web", 0), key("app_weird_tag", 1));
    assertThat(lines(key("app_weird_tag", 1))).containsExactly(line("app/weird tag", "\"n\":2"));
  }
}
