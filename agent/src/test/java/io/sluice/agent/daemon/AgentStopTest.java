package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.testing.LogCapture;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop ships what the buffer holds: inputs stop first, then each output reads on to the buffer's end and ships
 * within {@code agent.drain_timeout}; what it cannot is logged with its size and ships after the next start.
 */
class AgentStopTest {

  private static final int BATCHES = 40;
  private static final int RECORDS_PER_BATCH = 100;

  @TempDir
  Path dir;

  private SluiceConfig config(String drainTimeout) throws Exception {
    return config(drainTimeout, "1h");
  }

  private SluiceConfig config(String drainTimeout, String rollAge) throws Exception {
    String yaml = """
        agent: {id: stop-test, drain_timeout: %s}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
            roll: {size: 64KiB, age: %s}
        admin: {enabled: false}
        """.formatted(drainTimeout, dir.resolve("buffer"), dir.resolve("out"), rollAge);
    return new ConfigLoader(Map.of()).parse("stop.yaml", yaml, dir);
  }

  private static AgentParts storesThat(UnaryOperator<ObjectStore> wrap) {
    return new AgentParts(output -> wrap.apply(StoreFactory.FROM_CONFIG.create(output)), UploadHook.NONE);
  }

  /** Sends {@value #BATCHES} batches of {@value #RECORDS_PER_BATCH} records (about 0.9 MB) as fast as it can. */
  private static void burst(Agent agent) throws Exception {
    try (KeepAliveHttpConnection http =
        KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow()))) {
      for (int batch = 0; batch < BATCHES; batch++) {
        assertThat(http.post("/app.web", "application/json",
            TestRecords.batch(0, batch * RECORDS_PER_BATCH, RECORDS_PER_BATCH)).status()).isEqualTo(200);
      }
    }
  }

  private static List<Integer> everySequence() {
    return IntStream.range(0, BATCHES * RECORDS_PER_BATCH).boxed().toList();
  }

  @Test
  void aBurstThenAnImmediateStopLeavesEveryRecordInTheOutput() throws Exception {
    // Each upload takes 100 ms, so the output is far behind the burst when the stop comes.
    Agent agent = new Agent(config("60s"), storesThat(store -> SlowStore.delaying(store, 100)));
    agent.start();
    burst(agent);

    agent.close();

    assertThat(LocalOutputRecords.sequences(dir.resolve("out"))).containsExactlyElementsOf(everySequence());
  }

  @Test
  void whatTheDrainTimeoutCannotShipIsLoggedWithItsSize() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (LogCapture log = LogCapture.of("io.sluice.agent.daemon")) {
      Agent agent = new Agent(config("200ms"), storesThat(store -> SlowStore.blockedUntil(store, never)));
      agent.start();
      burst(agent);

      agent.close();

      assertThat(log.atLeast(Level.WARN)).map(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("destination=archive").containsPattern("unshipped_bytes=[1-9]"));
    }
  }

  @Test
  void whatTheDrainTimeoutCannotShipShipsAtTheNextStart() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Agent blocked = new Agent(config("200ms"), storesThat(store -> SlowStore.blockedUntil(store, never)));
    blocked.start();
    burst(blocked);
    blocked.close();

    try (Agent agent = new Agent(config("60s"))) {
      agent.start();
    }

    assertThat(LocalOutputRecords.sequences(dir.resolve("out"))).containsExactlyElementsOf(everySequence());
  }

  @Test
  void theStartUpLineCountsOnlyWhatTheOutputsHaveNotShipped() throws Exception {
    try (Agent agent = new Agent(config("60s", "1s"))) {
      agent.start();
      burst(agent);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> LocalOutputRecords.sequences(dir.resolve("out")).size() == BATCHES * RECORDS_PER_BATCH);
    }

    try (LogCapture log = LogCapture.of("io.sluice.agent"); Agent agent = new Agent(config("60s"))) {
      agent.start();

      List<String> lines = log.atLeast(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).filteredOn(line -> line.startsWith("Sluice agent started"))
          .singleElement().satisfies(line -> assertThat(line).contains(" unshipped_bytes=0 "));
      assertThat(lines).filteredOn(line -> line.contains("unshipped_bytes="))
          .allSatisfy(line -> assertThat(line).contains("unshipped_bytes=0 "));
    }
  }
}
