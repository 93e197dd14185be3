package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.AGENT;
import static io.sluice.agent.output.TestOutputs.CLOCK_START;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordEncoding;
import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.SliceConfig;
import io.sluice.config.output.SliceConfig.SliceTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-sliced files: every file holds only records of the slice its key names (the key template's finest time
 * field), as fluent-plugin-s3's time slices do (out_s3.rb keys a chunk by its timekey), with a bounded number of open
 * slices, a window around the arrival time, and the same files after a crash.
 */
class SlicedFilesTest {

  /** Every batch arrives at {@link TestOutputs#CLOCK_START}, 2026-11-25T16:00Z, unless a test moves its clock. */
  private static final String DAY = "2026-11-25T";

  @TempDir
  Path dir;

  private final MutableClock arrivals = new MutableClock(CLOCK_START);
  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer(arrivals);
  private final MutableClock clock = new MutableClock(CLOCK_START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final OutputMetrics metrics = OutputMetrics.register(registry);
  private final List<OutputDestination> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(OutputDestination::close);
  }

  private static OutputConfig archive(Path out, String keyTemplate, SliceConfig slice) {
    OutputConfig local = TestOutputs.local("archive", out, "**", rollLate());
    return new OutputConfig(local.name(), local.type(), local.match(), null, null, local.directory(), null,
        keyTemplate, local.roll(), null, null, null, null, null, null, null, slice);
  }

  private OutputConfig archive(SliceConfig slice) {
    return archive(out(), null, slice);
  }

  private static SliceConfig slices(SliceTime time, String zone, Integer maxOpen, Duration maxPast) {
    return new SliceConfig(time, zone, maxOpen, maxPast, null);
  }

  private static SliceConfig defaultSlices() {
    return SliceConfig.defaults();
  }

  private Path out() {
    return dir.resolve("out");
  }

  private OutputDestination start(OutputConfig output) {
    return start(output, new LocalObjectStore(out()), buffer, metrics, "buffer");
  }

  private OutputDestination start(OutputConfig output, ObjectStore store, InMemoryRecordBuffer source,
      OutputMetrics into, String bufferDirectory) {
    OutputDestination destination = OutputDestination.builder(output, AGENT).bufferDirectory(dir.resolve(
        bufferDirectory)).buffer(source).clock(clock).backoff(TestOutputs.quickBackoff()).metrics(into).store(store)
        .build();
    started.add(destination);
    destination.start();
    return destination;
  }

  /** A batch of {@code tag} whose record {@code n} has {@code {"n":n}} and the event time {@code times[n]}. */
  private static RecordBatch batch(String tag, long... nanos) {
    List<Record> records = new ArrayList<>();
    for (int n = 0; n < nanos.length; n++) {
      records.add(new Record(nanos[n], RecordEncoding.JSON, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return new RecordBatch(tag, records);
  }

  /** A batch whose records have the numbers {@code first}, {@code first + 1}, ... */
  private static RecordBatch numbered(String tag, int first, long... nanos) {
    List<Record> records = new ArrayList<>();
    for (int n = 0; n < nanos.length; n++) {
      records.add(new Record(nanos[n], RecordEncoding.JSON,
          ("{\"n\":" + (first + n) + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return new RecordBatch(tag, records);
  }

  /** The event time {@code time} of 2026-11-25, such as {@code 15:10:00Z}. */
  private static long at(String time) {
    return nanos(DAY + time);
  }

  private static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  private static String key(String tag, String hourPath, int sequence) {
    return "logs/" + tag + "/" + hourPath + "/host-1-archive-" + String.format("%010d", sequence) + ".json";
  }

  /** The key of {@code sequence} in hour {@code hour} of 2026-11-25 under the default template. */
  private static String key(String hour, int sequence) {
    return key("app.web", "2026/11/25/" + hour, sequence);
  }

  /** The {@code n} of every line of {@code key}, in order. */
  private List<Integer> numbers(String key) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Integer> numbers = new ArrayList<>();
    for (String line : Files.readAllLines(out().resolve(key), StandardCharsets.UTF_8)) {
      numbers.add(json.readTree(line).get("n").asInt());
    }
    return numbers;
  }

  private void awaitRead() {
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
  }

  private double outOfWindow(String side) {
    return MetricValues.counter(registry, "sluice_output_records_out_of_window", "destination", "archive", "side",
        side);
  }

  @Test
  void aBatchOfRecordsOfSeveralHoursGoesIntoOneFilePerHour() throws IOException {
    OutputDestination destination = start(archive(defaultSlices()));
    buffer.append(batch("app.web", at("15:10:00Z"), at("13:20:00Z"), at("15:20:00Z"), at("14:30:00Z"),
        at("13:40:00Z")));
    awaitRead();

    destination.close();

    // Sealed at the close in the order the slices opened: 15, 13, 14.
    assertThat(keysBelow(out())).containsExactly(key("13", 1), key("14", 2), key("15", 0));
    assertThat(numbers(key("15", 0))).containsExactly(0, 2);
    assertThat(numbers(key("13", 1))).containsExactly(1, 4);
    assertThat(numbers(key("14", 2))).containsExactly(3);
  }

  @Test
  void recordsKeepTheirOrderWithinTheirSliceAcrossBatches() throws IOException {
    OutputDestination destination = start(archive(defaultSlices()));
    buffer.appendAll(numbered("app.web", 0, at("15:00:00Z"), at("14:00:00Z")),
        numbered("app.web", 2, at("14:59:59Z"), at("15:59:59Z")), numbered("app.web", 4, at("15:30:00Z")));
    awaitRead();

    destination.close();

    assertThat(numbers(key("15", 0))).containsExactly(0, 3, 4);
    assertThat(numbers(key("14", 1))).containsExactly(1, 2);
  }

  @Test
  void beyondMaxOpenTheFileOfTheOldestSliceIsSealedFirst() throws IOException {
    OutputDestination destination = start(archive(slices(null, null, 2, null)));
    buffer.appendAll(numbered("app.web", 0, at("15:00:00Z")), numbered("app.web", 1, at("13:00:00Z")));
    awaitRead();

    buffer.append(numbered("app.web", 2, at("14:00:00Z")));

    // 13 opened after 15 but is the older slice.
    await().until(() -> keysBelow(out()).contains(key("13", 0)));
    assertThat(numbers(key("13", 0))).containsExactly(1);
    assertThat(MetricValues.counter(registry, "sluice_output_files_sealed", "destination", "archive", "reason",
        "max_open")).isEqualTo(1);
    buffer.append(numbered("app.web", 3, at("13:30:00Z")));
    awaitRead();
    destination.close();
    assertThat(keysBelow(out())).containsExactly(key("13", 0), key("13", 3), key("14", 1), key("15", 2));
    assertThat(numbers(key("13", 3))).containsExactly(3);
    assertThat(numbers(key("14", 1))).containsExactly(2);
    assertThat(numbers(key("15", 2))).containsExactly(0);
  }

  @Test
  void aRecordOlderThanMaxPastGoesIntoTheSliceOfItsArrivalAndIsCounted() throws IOException {
    OutputDestination destination = start(archive(defaultSlices()));
    buffer.append(batch("app.web", at("15:10:00Z"), nanos("2023-11-14T22:13:20Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("15", 0), key("16", 1));
    assertThat(numbers(key("16", 1))).containsExactly(1);
    // The line keeps its own time: only the file it goes into is the arrival's.
    assertThat(Files.readString(out().resolve(key("16", 1)))).contains("\"time\":\"2023-11-14T22:13:20.000Z\"");
    assertThat(outOfWindow("past")).isEqualTo(1);
    assertThat(outOfWindow("future")).isZero();
  }

  @Test
  void aRecordFurtherAheadThanMaxFutureGoesIntoTheSliceOfItsArrivalAndIsCounted() throws IOException {
    OutputDestination destination = start(archive(defaultSlices()));
    buffer.append(batch("app.web", nanos("2030-01-01T00:00:00Z"), nanos("2026-11-26T15:59:59Z")));
    awaitRead();

    destination.close();

    // A day ahead of 16:00 is still within max_future; 2030 is not.
    assertThat(keysBelow(out())).containsExactly(key("16", 0), key("app.web", "2026/11/26/15", 1));
    assertThat(numbers(key("16", 0))).containsExactly(0);
    assertThat(outOfWindow("future")).isEqualTo(1);
    assertThat(outOfWindow("past")).isZero();
  }

  @Test
  void zeroAndNegativeEventTimesGoIntoTheSliceOfTheirArrivalNeverA1969Key() throws IOException {
    OutputDestination destination = start(archive(defaultSlices()));
    buffer.append(batch("app.web", -5_000_000_000L, 0, -1));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("16", 0));
    assertThat(numbers(key("16", 0))).containsExactly(0, 1, 2);
    assertThat(outOfWindow("past")).isEqualTo(3);
  }

  @Test
  void maxPastSetsHowOldARecordMayBeAndStillKeepItsOwnSlice() throws IOException {
    OutputDestination destination = start(archive(slices(null, null, null, Duration.ofHours(2))));
    buffer.append(batch("app.web", at("14:00:00Z"), at("13:59:59Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("14", 0), key("16", 1));
    assertThat(numbers(key("16", 1))).containsExactly(1);
    assertThat(outOfWindow("past")).isEqualTo(1);
  }

  @Test
  void byArrivalTimeEachRecordGoesIntoTheSliceOfWhenItsBatchWasAppended() throws IOException {
    OutputDestination destination = start(archive(slices(SliceTime.ARRIVAL, null, null, null)));
    buffer.append(batch("app.web", at("15:10:00Z"), nanos("2023-11-14T22:13:20Z")));
    arrivals.advance(Duration.ofHours(1));
    buffer.append(batch("app.web", at("15:20:00Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("16", 0), key("17", 1));
    assertThat(numbers(key("16", 0))).containsExactly(0, 1);
    assertThat(outOfWindow("past")).isZero();
  }

  @Test
  void theKeysTimeFieldsAreThoseOfTheSliceZone() throws IOException {
    OutputDestination destination = start(archive(slices(null, "Europe/Paris", null, null)));
    buffer.append(batch("app.web", at("15:10:00Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("16", 0));
  }

  @Test
  void slicesAreTheDaysOfTheSliceZone() throws IOException {
    String daily = "%{prefix}/%{tag}/%Y/%m/%d/%{hostname}-%{destination}-%{sequence}.json";
    OutputDestination destination = start(archive(out(), daily, slices(null, "America/New_York", null, null)));
    // 18:30 and 22:00 on the 25th in New York, then 01:00 on the 26th.
    buffer.append(batch("app.web", nanos("2026-11-25T23:30:00Z"), nanos("2026-11-26T03:00:00Z"),
        nanos("2026-11-26T06:00:00Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly(key("app.web", "2026/11/25", 0), key("app.web", "2026/11/26", 1));
    assertThat(numbers(key("app.web", "2026/11/25", 0))).containsExactly(0, 1);
  }

  @Test
  void aTemplateWithoutTimeFieldsHasOneSliceForEveryTime() throws IOException {
    String timeless = "%{prefix}/%{tag}/%{hostname}-%{destination}-%{sequence}.json";
    OutputDestination destination = start(archive(out(), timeless, defaultSlices()));
    buffer.append(batch("app.web", at("15:10:00Z"), nanos("2023-11-14T22:13:20Z"), at("13:00:00Z")));
    awaitRead();

    destination.close();

    assertThat(keysBelow(out())).containsExactly("logs/app.web/host-1-archive-0000000000.json");
    assertThat(numbers("logs/app.web/host-1-archive-0000000000.json")).containsExactly(0, 1, 2);
    assertThat(outOfWindow("past")).isZero();
  }

  @Test
  void filesOfSeveralSlicesSealedBeforeACrashAreRebuiltWithTheSameKeysAndBytes() throws IOException {
    RecordBatch[] batches = {
        numbered("app.web", 0, at("15:10:00Z"), at("13:20:00Z"), nanos("2023-11-14T22:13:20Z"), at("15:11:00Z")),
        numbered("app.db", 4, at("14:00:00Z"), at("15:00:00Z")),
        numbered("app.web", 6, at("13:21:00Z"), nanos("2030-01-01T00:00:00Z"), at("14:59:00Z"))};
    Map<String, String> expected = shippedWithoutACrash(archive(defaultSlices()), batches);
    CrashPoint crash = new CrashPoint();
    OutputDestination crashed = start(archive(defaultSlices()), crash.beforeUpload(new LocalObjectStore(out())),
        buffer, metrics, "buffer");
    buffer.appendAll(batches);
    awaitRead();
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();
    assertThat(keysBelow(out())).isEmpty();

    OutputDestination restarted = start(archive(defaultSlices()));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    restarted.close();

    assertThat(contents(out())).isEqualTo(expected).hasSize(6);
  }

  @Test
  void aCrashWhileMaxOpenSealsPartOfABatchLosesNoneOfItsOtherSlices() throws IOException {
    RecordBatch[] batches = {numbered("app.web", 0, at("13:00:00Z"), at("14:00:00Z"), at("15:00:00Z"))};
    Map<String, String> expected = shippedWithoutACrash(archive(slices(null, null, 1, null)), batches);
    CrashPoint crash = new CrashPoint();
    // The 13 file is sealed and uploaded to open 14; the 14 file is sealed to open 15, and the crash comes then.
    OutputDestination crashed = start(archive(slices(null, null, 1, null)),
        crash.beforeUpload(new LocalObjectStore(out()), 2), buffer, metrics, "buffer");
    buffer.appendAll(batches);
    await().until(crash::hasCrashed);
    crashed.close();
    assertThat(keysBelow(out())).containsExactly(key("13", 0));

    OutputDestination restarted = start(archive(slices(null, null, 1, null)));
    // The entry is read again after the 14 file is shipped: its 15 records open their file.
    String fifteen = "-" + Instant.parse(DAY + "15:00:00Z").getEpochSecond() + ".jsonl";
    await().until(() -> keysBelow(dir.resolve("buffer/outputs/archive/spool")).stream()
        .anyMatch(name -> name.endsWith(fifteen)));
    restarted.close();

    assertThat(keysBelow(out())).containsExactly(key("13", 0), key("14", 1), key("15", 2));
    assertThat(numbers(key("15", 2))).containsExactly(2);
    assertThat(contents(out())).isEqualTo(expected);
  }

  /** What a destination that never crashed ships from {@code batches}, appended at the same times: key to bytes. */
  private Map<String, String> shippedWithoutACrash(OutputConfig output, RecordBatch... batches) {
    Path reference = dir.resolve("reference");
    InMemoryRecordBuffer alone = new InMemoryRecordBuffer(arrivals);
    alone.appendAll(batches);
    OutputConfig elsewhere = archive(reference, output.keyTemplate(), output.slice());
    OutputDestination destination = start(elsewhere, new LocalObjectStore(reference), alone,
        OutputMetrics.register(new PrometheusRegistry()), "reference-buffer");
    await().until(() -> alone.readThrough("archive") == alone.lastIndex());
    destination.close();
    return contents(reference);
  }

  private static Map<String, String> contents(Path root) {
    Map<String, String> contents = new LinkedHashMap<>();
    for (String key : keysBelow(root)) {
      try {
        contents.put(key, Files.readString(root.resolve(key), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return contents;
  }
}
