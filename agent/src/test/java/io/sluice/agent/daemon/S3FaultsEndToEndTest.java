package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.net.Fault;
import io.sluice.testkit.net.FaultInjectingHttpProxy;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent shipping to S3Proxy through a fault-injecting proxy: whatever S3 answers for a while (5xx, SlowDown,
 * a connection reset while uploading or answering, an answer later than the request timeout, 403), uploads are
 * retried, every record lands exactly once, and the output recovers by itself once S3 behaves.
 */
@ExtendWith(LocalS3Extension.class)
class S3FaultsEndToEndTest {

  private static final String BUCKET = "faults";
  private static final String UPLOADS = "/" + BUCKET + "/logs/.*";
  private static final int RECORDS_PER_REQUEST = 50;
  private static final String RETRIES = "sluice_output_upload_retries";

  @TempDir
  Path dir;

  private FaultInjectingHttpProxy proxy;
  private Agent agent;
  private int nextSequence;

  @BeforeEach
  void startAgentBehindProxy(LocalS3 s3) throws Exception {
    s3.createBucket(BUCKET);
    proxy = FaultInjectingHttpProxy.start(s3.endpoint());
    agent = new Agent(new S3AgentConfig(s3, dir).bucket(BUCKET).s3Port(proxy.endpoint().getPort())
        .roll("16KiB", "1s").s3RequestTimeout("2s").failureGrace("1s").withAdmin().build());
    agent.start();
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    proxy.close();
  }

  @Test
  void serverErrorAndSlowDownBurstsAreRetriedUntilEveryRecordLandsOnce(LocalS3 s3) throws Exception {
    proxy.inject(Fault.on("PUT", UPLOADS).s3Error(500, "InternalError").times(3));
    proxy.inject(Fault.on("PUT", UPLOADS).s3Error(503, "SlowDown").times(3));

    send(20);

    awaitEveryRecordExactlyOnce(s3);
    assertThat(retries("server_error")).isGreaterThanOrEqualTo(3);
    assertThat(retries("throttled")).isGreaterThanOrEqualTo(3);
    assertRecoveredByItself(s3);
  }

  @Test
  void connectionResetWhileUploadingIsRetriedWithoutLosingTheFile(LocalS3 s3) throws Exception {
    proxy.inject(Fault.on("PUT", UPLOADS).resetMidUpload().times(3));

    send(20);

    awaitEveryRecordExactlyOnce(s3);
    assertThat(proxy.faultsInjected()).isEqualTo(3);
    assertThat(retries("connection")).isGreaterThanOrEqualTo(3);
    assertRecoveredByItself(s3);
  }

  @Test
  void answerLostAfterTheStoreKeptTheFileIsRetriedWithoutDoublingIt(LocalS3 s3) throws Exception {
    proxy.inject(Fault.on("PUT", UPLOADS).resetMidBody().times(3));

    send(20);

    awaitEveryRecordExactlyOnce(s3);
    assertThat(retries("connection")).isGreaterThanOrEqualTo(3);
    assertRecoveredByItself(s3);
  }

  @Test
  void answerSlowerThanTheRequestTimeoutIsAbandonedAndRetried(LocalS3 s3) throws Exception {
    proxy.inject(Fault.on("PUT", UPLOADS).delay(Duration.ofSeconds(30)).times(2));

    send(10);

    awaitEveryRecordExactlyOnce(s3);
    assertThat(proxy.faultsInjected()).isEqualTo(2);
    assertThat(retries("timeout")).isGreaterThanOrEqualTo(2);
    assertRecoveredByItself(s3);
  }

  @Test
  void accessDeniedIsRetriedUntilPermissionsReturnThenEverythingLandsOnce(LocalS3 s3) throws Exception {
    Fault denied = Fault.on("PUT", UPLOADS).s3Error(403, "AccessDenied");
    proxy.inject(denied);

    send(20);
    await().atMost(Duration.ofSeconds(60)).until(() -> retries("access_denied") >= 3);
    assertOutageVisible();
    assertThat(BucketContents.lines(s3.client(), BUCKET)).isEmpty();

    proxy.clearFaults();

    awaitEveryRecordExactlyOnce(s3);
    assertThat(denied.injected()).isGreaterThanOrEqualTo(3);
    assertRecoveredByItself(s3);
  }

  /** Posts {@code requests} batches of numbered records, each answered 200. */
  private void send(int requests) throws Exception {
    URI http = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
    try (KeepAliveHttpConnection connection = KeepAliveHttpConnection.open(http)) {
      for (int request = 0; request < requests; request++) {
        byte[] body = TestRecords.batch(0, nextSequence, RECORDS_PER_REQUEST);
        assertThat(connection.post("/app.faults", "application/json", body).status()).isEqualTo(200);
        nextSequence += RECORDS_PER_REQUEST;
      }
    }
  }

  /** Waits until the bucket holds every record sent so far, then checks none is there twice. */
  private void awaitEveryRecordExactlyOnce(LocalS3 s3) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> BucketContents.lines(s3.client(), BUCKET).size() >= nextSequence);
    Map<Integer, Long> copies = BucketContents.lines(s3.client(), BUCKET).stream()
        .collect(Collectors.groupingBy((JsonNode line) -> line.get("seq").asInt(), Collectors.counting()));
    assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, nextSequence).boxed().toList());
    assertThat(copies.values()).allMatch(count -> count == 1);
  }

  /**
   * The output ships again with no one's help: records sent after the faults land, no retry is counted for them,
   * readiness holds, nothing was quarantined and no failure is reported any more.
   */
  private void assertRecoveredByItself(LocalS3 s3) throws Exception {
    double retriesBefore = retries(null);
    send(2);

    awaitEveryRecordExactlyOnce(s3);
    assertThat(retries(null)).isEqualTo(retriesBefore);
    assertThat(get("/readyz")).isEqualTo(200);
    assertThat(agent.outputStatus()).singleElement().satisfies(status -> {
      assertThat(status.filesQuarantined()).isZero();
      assertThat(status.failure()).isNull();
    });
  }

  /**
   * What an operator sees during the outage: the retries counted by reason, and the output's current failure with
   * when it began (readiness names it once the failure outlasts the output's readiness.failure_grace).
   */
  private void assertOutageVisible() throws Exception {
    assertThat(retries(null)).isPositive();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/readyz") == 503);
    assertThat(readyzBody()).contains("output:s3").contains("access_denied");
    assertThat(agent.outputStatus()).singleElement().satisfies(status -> {
      assertThat(status.failure()).startsWith("access_denied");
      assertThat(status.failingSince()).isNotNull();
    });
  }

  /** {@code sluice_output_upload_retries_total} of the output for {@code reason}, or for every reason when null. */
  private double retries(String reason) {
    return agent.metrics().scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals(RETRIES))
        .map(CounterSnapshot.class::cast)
        .flatMap(counter -> counter.getDataPoints().stream())
        .filter(point -> point.getLabels().get("destination").equals("s3"))
        .filter(point -> reason == null || reason.equals(point.getLabels().get("reason")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  private String readyzBody() throws Exception {
    URI admin = URI.create("http://127.0.0.1:" + agent.adminPort().orElseThrow());
    try (KeepAliveHttpConnection connection = KeepAliveHttpConnection.open(admin)) {
      return new String(connection.get("/readyz").body(), StandardCharsets.UTF_8);
    }
  }

  private int get(String path) throws Exception {
    URI admin = URI.create("http://127.0.0.1:" + agent.adminPort().orElseThrow());
    try (KeepAliveHttpConnection connection = KeepAliveHttpConnection.open(admin)) {
      return connection.get(path).status();
    }
  }
}
