package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.AGENT;
import static io.sluice.agent.output.TestOutputs.CLOCK_START;
import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.gzip;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.roll;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.spool.GzipTool;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.RollConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code local} destination with {@code format.compression: gzip}, as fluent-plugin-s3's {@code store_as gzip}:
 * {@code .json.gz} keys, one gzip member per file, and the same bytes whenever the same queue range is written again.
 */
class GzipOutputDestinationTest {

  private static final String PAD = "x".repeat(400);

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

  private OutputConfig archive(RollConfig roll) {
    return gzip(local("archive", out(), "**", roll));
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

  private static String key(String tag, int sequence, String extension) {
    return "logs/" + tag + "/" + HOUR_PATH + "/host-1-archive-" + String.format("%010d", sequence) + "." + extension;
  }

  private List<String> gunzippedLines(String key) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(out().resolve(key)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private void awaitRead() {
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
  }

  private void awaitOpenFile() {
    await().until(() -> !keysBelow(dir.resolve("buffer/outputs/archive/spool")).isEmpty());
  }

  @Test
  void filesAreOneGzipMemberOfTheLinesUnderJsonGzKeys() throws Exception {
    start(builder(archive(rollLate())));
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.web", "{\"n\":2}"));
    awaitRead();
    awaitOpenFile();

    clock.advance(Duration.ofHours(1));

    String key = key("app.web", 0, "json.gz");
    await().until(() -> keysBelow(out()).contains(key));
    assertThat(gunzippedLines(key)).containsExactly(line("app.web", "\"n\":1"), line("app.web", "\"n\":2"));
    byte[] stored = Files.readAllBytes(out().resolve(key));
    // MTIME 0 (bytes 4-7), no FNAME flag (byte 3), fixed OS byte (9): nothing of the host or the hour.
    assertThat(Arrays.copyOf(stored, 10)).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
    GzipTool.assertIntact(out().resolve(key));
  }

  @Test
  void rollSizeCountsTheLinesBeforeCompression() throws IOException {
    start(builder(archive(roll(1024, Duration.ofHours(1)))));

    for (int n = 1; n <= 5; n++) {
      buffer.append(event("app.web", "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}"));
    }

    // Three lines of about 470 bytes pass 1KiB, although they compress to far less.
    String key = key("app.web", 0, "json.gz");
    await().until(() -> keysBelow(out()).contains(key));
    assertThat(gunzippedLines(key)).hasSize(3);
    assertThat(Files.size(out().resolve(key))).isLessThan(1024);
  }

  @Test
  void aFileRebuiltAfterACrashIsUploadedAgainWithTheSameBytes() throws IOException {
    Map<String, List<byte[]>> puts = new ConcurrentHashMap<>();
    ObjectStore recording = new ForwardingObjectStore(new LocalObjectStore(out())) {
      @Override
      public StoredObject put(String key, Path file) throws IOException {
        puts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Files.readAllBytes(file));
        return super.put(key, file);
      }
    };
    CrashPoint crash = new CrashPoint();
    OutputDestination crashed = start(builder(archive(rollLate())).store(recording).uploadHook(crash.afterUpload()));
    for (int n = 1; n <= 200; n++) {
      buffer.append(event("app.web", "{\"n\":" + n + ",\"text\":\"line " + n * 7919 + "\"}"));
    }
    awaitRead();
    awaitOpenFile();
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();

    OutputDestination restarted = start(builder(archive(rollLate())).store(recording));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    restarted.close();

    String key = key("app.web", 0, "json.gz");
    assertThat(puts.get(key)).hasSize(2);
    assertThat(puts.get(key).get(1)).isEqualTo(puts.get(key).get(0));
    assertThat(gunzippedLines(key)).hasSize(200).startsWith(line("app.web", "\"n\":1,\"text\":\"line 7919\""));
  }

  @Test
  void aFileSealedPlainBeforeTheOutputTurnedToGzipIsRebuiltPlainUnderItsJournaledKey() throws IOException {
    CrashPoint crash = new CrashPoint();
    OutputConfig plain = local("archive", out(), "**", rollLate());
    OutputDestination crashed = start(builder(plain).store(crash.beforeUpload(new LocalObjectStore(out()))));
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitRead();
    awaitOpenFile();
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();

    buffer.append(event("app.web", "{\"n\":2}"));
    OutputDestination restarted = start(builder(archive(rollLate())));
    await().until(() -> buffer.shippedThrough("archive") >= buffer.indexOf(0));
    restarted.close();

    assertThat(Files.readAllLines(out().resolve(key("app.web", 0, "json")), StandardCharsets.UTF_8))
        .containsExactly(line("app.web", "\"n\":1"));
    assertThat(gunzippedLines(key("app.web", 1, "json.gz"))).containsExactly(line("app.web", "\"n\":2"));
  }

  @Test
  void theShippedBytesMetricCountsTheCompressedObject() throws IOException {
    start(builder(archive(roll(1024, Duration.ofHours(1)))));
    for (int n = 1; n <= 3; n++) {
      buffer.append(event("app.web", "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}"));
    }

    String key = key("app.web", 0, "json.gz");
    await().until(() -> MetricValues.counter(registry, "sluice_output_shipped_bytes", "destination", "archive") > 0);
    assertThat(MetricValues.counter(registry, "sluice_output_shipped_bytes", "destination", "archive"))
        .isEqualTo(Files.size(out().resolve(key)));
  }
}
