package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.output.OutputConfig;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload applies outputs and other reloadable settings to a running agent without dropping a connection or a
 * record; what only a restart can change is reported and keeps its running value; a configuration whose parts
 * cannot be built is rejected and the old one keeps running.
 */
class AgentReloadTest {

  private static final int RECORDS_PER_BATCH = 20;

  @TempDir
  Path dir;

  private SluiceConfig config(String rollSize, String httpPort) throws Exception {
    return config(rollSize, httpPort, dir.resolve("out").toString());
  }

  private SluiceConfig config(String rollSize, String httpPort, String outputDirectory) throws Exception {
    String yaml = """
        agent: {id: reload-test, drain_timeout: 30s}
        inputs:
          http: {bind: 127.0.0.1, port: %s}
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
            roll: {size: %s, age: 1h}
        admin: {enabled: false}
        """.formatted(httpPort, dir.resolve("buffer"), outputDirectory, rollSize);
    return new ConfigLoader(Map.of()).parse("reload.yaml", yaml, dir);
  }

  /** Outputs app ({@code app.**}, with {@code continue} as given) and rest ({@code **}), in this order. */
  private SluiceConfig routedConfig(boolean appContinues) throws Exception {
    String yaml = """
        agent: {id: reload-test, drain_timeout: 30s}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        outputs:
          - name: app
            type: local
            match: "app.**"
            continue: %s
            directory: %s
          - name: rest
            type: local
            directory: %s
        admin: {enabled: false}
        """.formatted(dir.resolve("buffer"), appContinues, dir.resolve("app"), dir.resolve("rest"));
    return new ConfigLoader(Map.of()).parse("reload.yaml", yaml, dir);
  }

  private static long backlogRecords(Agent agent, String output) {
    return agent.outputStatus().stream().filter(status -> status.name().equals(output)).findFirst().orElseThrow()
        .backlogRecords();
  }

  private static Agent started(SluiceConfig config) throws Exception {
    return started(new Agent(config));
  }

  private static Agent started(Agent agent) throws Exception {
    agent.start();
    return agent;
  }

  private static KeepAliveHttpConnection connect(Agent agent) throws Exception {
    return KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow()));
  }

  private static void send(KeepAliveHttpConnection http, int batch) throws Exception {
    assertThat(http.post("/app.web", "application/json",
        TestRecords.batch(0, batch * RECORDS_PER_BATCH, RECORDS_PER_BATCH)).status()).isEqualTo(200);
  }

  private static double reloads(Agent agent, String result) {
    return agent.metrics().scrape().stream()
        .filter(metric -> metric.getMetadata().getPrometheusName().equals("sluice_config_reloads"))
        .flatMap(metric -> ((CounterSnapshot) metric).getDataPoints().stream())
        .filter(point -> point.getLabels().equals(Labels.of("result", result)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }

  @Test
  void recordsSentBeforeDuringAndAfterAReloadAllLandExactlyOnce() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);
    try (Agent agent = new Agent(config("16KiB", "0"))) {
      agent.start();
      CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
        try (KeepAliveHttpConnection http = connect(agent)) {
          while (sending.get()) {
            send(http, sent.getAndIncrement());
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await().until(() -> sent.get() >= 20);

      assertThat(agent.reload(config("8KiB", "0")).applied()).isTrue();
      assertThat(agent.reload(config("32KiB", "0")).applied()).isTrue();

      int afterReloads = sent.get();
      await().until(() -> sent.get() >= afterReloads + 20);
      sending.set(false);
      sender.join();
    }

    assertThat(LocalOutputRecords.sequences(dir.resolve("out")))
        .containsExactlyElementsOf(IntStream.range(0, sent.get() * RECORDS_PER_BATCH).boxed().toList());
  }

  @Test
  void aReloadWithANewRollSizeRollsByIt() throws Exception {
    try (Agent agent = started(config("64MiB", "0")); KeepAliveHttpConnection http = connect(agent)) {

      agent.reload(config("4KiB", "0"));
      for (int batch = 0; batch < 5; batch++) {
        send(http, batch);
      }

      // 5 batches of about 4.4 KB each: a file per batch under 4 KiB, none at all under 64 MiB before the stop.
      await().atMost(Duration.ofSeconds(20))
          .until(() -> LocalOutputRecords.files(dir.resolve("out")).size() >= 4);
    }
  }

  @Test
  void inputsKeepTheirOpenConnectionsAcrossAReload() throws Exception {
    try (Agent agent = started(config("16KiB", "0")); KeepAliveHttpConnection http = connect(agent)) {
      send(http, 0);

      agent.reload(config("8KiB", "0"));

      send(http, 1);
    }
    assertThat(LocalOutputRecords.sequences(dir.resolve("out"))).hasSize(2 * RECORDS_PER_BATCH);
  }

  @Test
  void aChangedListenerIsReportedAsNeedingARestartAndTheRestStillApplies() throws Exception {
    try (Agent agent = new Agent(config("64MiB", "0"))) {
      agent.start();
      int port = agent.httpPort().orElseThrow();

      ReloadOutcome outcome = agent.reload(config("4KiB", "1"));

      assertThat(outcome.applied()).isTrue();
      assertThat(outcome.needRestart()).containsExactly("inputs.http.port");
      assertThat(outcome.changed()).containsExactlyInAnyOrder("outputs[archive].roll.size", "inputs.http.port");
      assertThat(agent.httpPort()).hasValue(port);
      try (KeepAliveHttpConnection http = connect(agent)) {
        for (int batch = 0; batch < 3; batch++) {
          send(http, batch);
        }
      }
      await().atMost(Duration.ofSeconds(20))
          .until(() -> LocalOutputRecords.files(dir.resolve("out")).size() >= 2);
    }
  }

  @Test
  void aReloadWhoseOutputCannotBeBuiltIsRejectedAndTheOldOutputKeepsShipping() throws Exception {
    Path broken = dir.resolve("broken");
    AgentParts parts = new AgentParts(output -> {
      if (output.directory().equals(broken)) {
        throw new IllegalArgumentException("no store for " + broken);
      }
      return StoreFactory.FROM_CONFIG.create(output);
    }, UploadHook.NONE);
    try (Agent agent = started(new Agent(config("4KiB", "0"), parts));
        KeepAliveHttpConnection http = connect(agent)) {

      ReloadOutcome outcome = agent.reload(config("4KiB", "0", broken.toString()));

      assertThat(outcome.applied()).isFalse();
      assertThat(reloads(agent, "rejected")).isEqualTo(1);
      for (int batch = 0; batch < 3; batch++) {
        send(http, batch);
      }
      await().atMost(Duration.ofSeconds(20))
          .until(() -> LocalOutputRecords.files(dir.resolve("out")).size() >= 2);
    }
    assertThat(LocalOutputRecords.files(broken)).isEmpty();
  }

  @Test
  void aReloadThatChangesOnlyTheTrackerRegionMovesTheS3OutputsThatNameNoRegion() throws Exception {
    List<String> storeRegions = new CopyOnWriteArrayList<>();
    StoreFactory recordingRegions = new StoreFactory() {
      @Override
      public ObjectStore create(OutputConfig output) {
        return create(output, null);
      }

      @Override
      public ObjectStore create(OutputConfig output, String trackerRegion) {
        storeRegions.add(trackerRegion);
        return new LocalObjectStore(dir.resolve("bucket"));
      }
    };
    try (Agent agent = started(new Agent(s3Config("eu-west-1"), new AgentParts(recordingRegions, UploadHook.NONE)))) {

      ReloadOutcome outcome = agent.reload(s3Config("us-west-2"));

      assertThat(outcome.applied()).isTrue();
      assertThat(storeRegions).containsExactly("eu-west-1", "us-west-2");
    }
  }

  private SluiceConfig s3Config(String trackerRegion) throws Exception {
    String yaml = """
        agent: {id: reload-test}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        outputs:
          - name: archive
            bucket: archive-bucket
        tracker: {region: %s}
        admin: {enabled: false}
        """.formatted(dir.resolve("buffer"), trackerRegion);
    return new ConfigLoader(Map.of()).parse("reload.yaml", yaml, dir);
  }

  @Test
  void anAppliedReloadIsCountedAndStampsTheLastSuccess() throws Exception {
    try (Agent agent = new Agent(config("64MiB", "0"))) {
      agent.start();

      agent.reload(config("4KiB", "0"));

      assertThat(reloads(agent, "applied")).isEqualTo(1);
      assertThat(reloads(agent, "rejected")).isZero();
      assertThat(agent.metrics().scrape().stream()
          .map(metric -> metric.getMetadata().getPrometheusName()).toList())
          .contains("sluice_config_last_reload_success_timestamp_seconds");
    }
  }

  @Test
  void aReloadThatSetsContinueSendsTheRecordsAfterItOnToTheLaterOutputsAndNotThoseBefore() throws Exception {
    try (Agent agent = started(routedConfig(false)); KeepAliveHttpConnection http = connect(agent)) {
      send(http, 0);
      // rest has read (and skipped) the first batch: it was routed before the reload, to app alone.
      await().atMost(Duration.ofSeconds(20)).until(() -> backlogRecords(agent, "rest") == 0);

      ReloadOutcome outcome = agent.reload(routedConfig(true));
      send(http, 1);

      assertThat(outcome.changed()).containsExactly("outputs[app].continue");
    }

    assertThat(LocalOutputRecords.sequences(dir.resolve("app")))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 2 * RECORDS_PER_BATCH).boxed().toList());
    assertThat(LocalOutputRecords.sequences(dir.resolve("rest"))).containsExactlyInAnyOrderElementsOf(
        IntStream.range(RECORDS_PER_BATCH, 2 * RECORDS_PER_BATCH).boxed().toList());
  }

  @Test
  void aReloadOfTheSameFileChangesNothing() throws Exception {
    try (Agent agent = new Agent(config("64MiB", "0"))) {
      agent.start();

      ReloadOutcome outcome = agent.reload(config("64MiB", "0"));

      assertThat(outcome.applied()).isTrue();
      assertThat(outcome.changed()).isEmpty();
      assertThat(outcome.needRestart()).isEmpty();
    }
  }
}
