package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.AGENT;
import static io.sluice.agent.output.TestOutputs.CLOCK_START;
import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.OutputConfig;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An {@code s3} destination against a real S3-compatible server: keys, outages and crash recovery. */
@ExtendWith(LocalS3Extension.class)
class S3DestinationTest {

  private static final String BUCKET = "sluice-logs";
  private static final String FIRST_KEY = "logs/app.web/" + HOUR_PATH + "/host-1-archive-0000000000.json";

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
  private final MutableClock clock = new MutableClock(CLOCK_START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final OutputMetrics metrics = OutputMetrics.register(registry);
  private final List<OutputDestination> started = new ArrayList<>();
  private LocalS3 s3;
  private OutputConfig archive;

  @BeforeEach
  void createBucket(LocalS3 localS3) {
    s3 = localS3;
    s3.createBucket(BUCKET);
    archive = TestOutputs.s3("archive", s3, BUCKET, rollLate());
  }

  @AfterEach
  void closeAllAndCheckNothingFailedInside() {
    started.forEach(OutputDestination::close);
    assertThat(MetricValues.counter(registry, "sluice_output_rewinds", "destination", "archive")).isZero();
  }

  private OutputDestination start(ObjectStore store, UploadHook hook) {
    OutputDestination destination = OutputDestination.builder(archive, AGENT).bufferDirectory(dir.resolve("buffer"))
        .buffer(buffer).clock(clock).backoff(TestOutputs.quickBackoff()).metrics(metrics).store(store)
        .uploadHook(hook).build();
    started.add(destination);
    destination.start();
    return destination;
  }

  /** Waits until the destination has read every entry appended so far; close() seals only what was read. */
  private void awaitRead() {
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
  }

  /** Waits until the entries read have opened files, whose age the clock then counts from. */
  private void awaitOpenFiles(int count) {
    awaitRead();
    await().until(() -> keysBelow(dir.resolve("buffer/outputs/archive/spool")).size() == count);
  }

  private List<String> bucketKeys() {
    return s3.client().listObjectsV2(request -> request.bucket(BUCKET)).contents().stream().map(S3Object::key)
        .toList();
  }

  private byte[] object(String key) {
    return s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asByteArray();
  }

  /** An S3 endpoint nobody listens on: every request fails to connect. */
  private static URI unreachableEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  private OutputConfig pointingAt(URI endpoint) {
    return new OutputConfig(archive.name(), archive.type(), archive.match(), null, archive.bucket(), null,
        archive.prefix(), archive.keyTemplate(), archive.roll(), archive.format(), null, endpoint, true,
        archive.credentials(), archive.requestTimeout(), null, null);
  }

  @Test
  void sealedFilesAreShippedAsJsonLinesUnderTheTemplateKey() {
    OutputDestination destination = start(S3ObjectStore.create(archive), UploadHook.NONE);
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.web", "{\"n\":2}"));
    awaitRead();

    destination.close();

    assertThat(bucketKeys()).containsExactly(FIRST_KEY);
    assertThat(new String(object(FIRST_KEY), StandardCharsets.UTF_8))
        .isEqualTo(line("app.web", "\"n\":1") + "\n" + line("app.web", "\"n\":2") + "\n");
    assertThat(MetricValues.counter(registry, "sluice_output_files_sealed", "destination", "archive", "reason",
        "shutdown")).isEqualTo(1);
    assertThat(MetricValues.counter(registry, "sluice_output_shipped_records", "destination", "archive"))
        .isEqualTo(2);
  }

  @Test
  void anUploadFailureIsRetriedUntilS3IsBack() throws IOException {
    OutageObjectStore store = new OutageObjectStore(S3ObjectStore.create(pointingAt(unreachableEndpoint())),
        S3ObjectStore.create(archive));
    start(store, UploadHook.NONE);
    buffer.append(event("app.web", "{\"n\":1}"));
    awaitOpenFiles(1);
    clock.advance(Duration.ofHours(1));

    await().until(() -> store.failures().size() >= 3);
    assertThat(store.failures()).allMatch(SdkClientException.class::isInstance);
    assertThat(bucketKeys()).isEmpty();
    assertThat(buffer.shippedThrough("archive")).isLessThan(buffer.indexOf(0));
    store.restore();

    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
    assertThat(bucketKeys()).containsExactly(FIRST_KEY);
    assertThat(MetricValues.counter(registry, "sluice_output_upload_retries", "destination", "archive", "reason",
        "connection")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void afterACrashBetweenUploadAndCommitTheSameRangeOverwritesTheSameKeyWithIdenticalBytes() {
    CrashPoint crash = new CrashPoint();
    OutputDestination crashed = start(S3ObjectStore.create(archive), crash.afterUpload());
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("app.db", "{\"n\":2}"), event("app.web", "{\"n\":3}"));
    awaitOpenFiles(2);
    clock.advance(Duration.ofHours(1));
    await().until(crash::hasCrashed);
    crashed.close();
    List<String> keysBeforeRestart = bucketKeys();
    byte[] bytesBeforeRestart = object(FIRST_KEY);
    String etagBeforeRestart = s3.client().headObject(request -> request.bucket(BUCKET).key(FIRST_KEY)).eTag();
    assertThat(buffer.shippedThrough("archive")).isLessThan(buffer.indexOf(0));

    OutageObjectStore recording = new OutageObjectStore(S3ObjectStore.create(archive), S3ObjectStore.create(archive));
    recording.restore();
    start(recording, UploadHook.NONE);
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());

    assertThat(keysBeforeRestart).containsExactly(FIRST_KEY);
    assertThat(recording.storedKeys()).first().isEqualTo(FIRST_KEY);
    assertThat(object(FIRST_KEY)).isEqualTo(bytesBeforeRestart);
    assertThat(s3.client().headObject(request -> request.bucket(BUCKET).key(FIRST_KEY)).eTag())
        .isEqualTo(etagBeforeRestart);
    assertThat(bucketKeys()).containsExactly(
        "logs/app.db/" + HOUR_PATH + "/host-1-archive-0000000001.json", FIRST_KEY);
  }
}
