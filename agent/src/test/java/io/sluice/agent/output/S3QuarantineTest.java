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
import io.sluice.agent.output.quarantine.Quarantine;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.config.output.OutputConfig;
import io.sluice.testkit.net.Fault;
import io.sluice.testkit.net.FaultInjectingHttpProxy;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@code s3} destination whose store refuses one file for good ({@code 400 KeyTooLongError} or
 * {@code EntityTooLarge} from a fault-injecting proxy in front of S3Proxy): the file goes to quarantine in the
 * bucket, the output moves on, and the quarantine library lands it once after the cause is gone.
 */
@ExtendWith(LocalS3Extension.class)
class S3QuarantineTest {

  private static final String BUCKET = "sluice-logs";
  private static final String BAD_KEYS = "/" + BUCKET + "/logs/app\\.bad/.*";

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
  private final MutableClock clock = new MutableClock(CLOCK_START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private LocalS3 s3;
  private FaultInjectingHttpProxy proxy;
  private OutputConfig archive;
  private OutputDestination destination;

  @BeforeEach
  void startBehindProxy(LocalS3 localS3) throws Exception {
    s3 = localS3;
    s3.createBucket(BUCKET);
    proxy = FaultInjectingHttpProxy.start(s3.endpoint());
    OutputConfig direct = TestOutputs.s3("archive", s3, BUCKET, rollLate());
    archive = new OutputConfig(direct.name(), direct.type(), direct.match(), null, direct.bucket(), null,
        direct.prefix(), direct.keyTemplate(), direct.roll(), direct.format(), null, proxy.endpoint(), true,
        direct.credentials(), direct.requestTimeout(), null, null);
    destination = OutputDestination.builder(archive, AGENT).bufferDirectory(dir.resolve("buffer")).buffer(buffer)
        .clock(clock).backoff(TestOutputs.quickBackoff()).metrics(OutputMetrics.register(registry)).build();
    destination.start();
  }

  @AfterEach
  void stop() throws Exception {
    destination.close();
    proxy.close();
  }

  private static String key(String tag, int sequence) {
    return "logs/" + tag + "/" + HOUR_PATH + "/host-1-archive-" + String.format("%010d", sequence) + ".json";
  }

  private List<String> bucketKeys() {
    return s3.client().listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  private String object(String key) {
    return s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  /** Ships one file of app.bad, refused by the proxy, and then one of app.good. */
  private void shipBlockedThenGood() {
    buffer.appendAll(event("app.bad", "{\"n\":1}"), event("app.good", "{\"n\":2}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());
    await().until(() -> keysBelow(dir.resolve("buffer/outputs/archive/spool")).size() == 2);
    clock.advance(Duration.ofHours(1));
    await().until(() -> buffer.shippedThrough("archive") == buffer.lastIndex());
  }

  @Test
  void aKeyTheStoreCallsTooLongIsQuarantinedInTheBucketAndTheOutputMovesOn() {
    proxy.inject(Fault.on("PUT", BAD_KEYS).s3Error(400, "KeyTooLongError").forever());

    shipBlockedThenGood();

    assertThat(bucketKeys()).containsExactly("logs/_quarantine/host-1-archive-0000000000.json",
        "logs/_quarantine/host-1-archive-0000000000.reason.json", key("app.good", 1));
    assertThat(object("logs/_quarantine/host-1-archive-0000000000.json")).isEqualTo(line("app.bad", "\"n\":1") + "\n");
    assertThat(object("logs/_quarantine/host-1-archive-0000000000.reason.json")).contains("\"key_too_long\"");
    assertThat(destination.status().filesQuarantined()).isEqualTo(1);
    assertThat(destination.status().failure()).isNull();
  }

  @Test
  void aFileTheStoreCallsTooLargeLandsOnceWhenRetriedAfterTheCauseIsGone() throws Exception {
    proxy.inject(Fault.on("PUT", BAD_KEYS).s3Error(400, "EntityTooLarge").forever());
    shipBlockedThenGood();
    proxy.clearFaults();
    List<UploadedFile> hooked = new CopyOnWriteArrayList<>();

    try (S3ObjectStore store = S3ObjectStore.create(archive)) {
      Quarantine quarantine = Quarantine.of(archive, AGENT.id(), store, hooked::add, dir.resolve("cli"));
      assertThat(quarantine.list()).singleElement()
          .satisfies(entry -> assertThat(entry.record().reason()).isEqualTo("entity_too_large"));

      assertThat(quarantine.retry(0)).isPresent();
      assertThat(quarantine.retry(0)).isEmpty();
    }

    assertThat(bucketKeys()).containsExactly(key("app.bad", 0), key("app.good", 1));
    assertThat(object(key("app.bad", 0))).isEqualTo(line("app.bad", "\"n\":1") + "\n");
    assertThat(hooked).singleElement().satisfies(file -> assertThat(file.object().key()).isEqualTo(key("app.bad", 0)));
  }
}
