package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.continuing;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.config.buffer.BufferConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDestinationsTest {

  @TempDir
  Path dir;

  @Test
  void closingAllOutputsSealsAndShipsWhatEachHasOpen() {
    SluiceConfig config = new SluiceConfig(TestOutputs.AGENT, null,
        new BufferConfig(dir.resolve("buffer"), null, null, null, null),
        List.of(continuing("archive", dir.resolve("archive"), "**", rollLate()),
            local("audit", dir.resolve("audit"), "audit.**", rollLate())),
        null, null, null);
    InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
    OutputDestinations outputs = OutputDestinations.create(config, buffer, new PrometheusRegistry(), UploadHook.NONE);
    outputs.start();
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("audit.login", "{\"n\":2}"));
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex()
        && buffer.readThrough("audit") == buffer.lastIndex());

    outputs.close();

    assertThat(keysBelow(dir.resolve("archive"))).containsExactly(
        "logs/app.web/" + HOUR_PATH + "/host-1-archive-0000000000.json",
        "logs/audit.login/" + HOUR_PATH + "/host-1-archive-0000000001.json");
    assertThat(keysBelow(dir.resolve("audit"))).containsExactly(
        "logs/audit.login/" + HOUR_PATH + "/host-1-audit-0000000000.json");
    assertThat(buffer.shippedThrough("archive")).isEqualTo(buffer.lastIndex());
    assertThat(buffer.shippedThrough("audit")).isEqualTo(buffer.lastIndex());
  }

  @Test
  void aDrainingStopShipsWhatArrivedWhileTheOutputFoundTheBufferEmpty() throws Exception {
    SluiceConfig config = new SluiceConfig(TestOutputs.AGENT, null,
        new BufferConfig(dir.resolve("buffer"), null, null, null, null),
        List.of(local("archive", dir.resolve("archive"), "**", rollLate())), null, null, null);
    InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();
    OutputDestinations outputs = OutputDestinations.create(config, buffer, new PrometheusRegistry(), UploadHook.NONE);
    buffer.append(event("app.web", "{\"n\":1}"));
    outputs.start();
    await().until(() -> buffer.readThrough("archive") == buffer.lastIndex());

    // The last record is acknowledged and the inputs stop after a read began, but before it returns empty.
    CountDownLatch stopRequested = new CountDownLatch(1);
    buffer.whileAReaderFindsTheEnd(() -> {
      buffer.append(event("app.web", "{\"n\":2}"));
      outputs.destinations().get(0).requestStop(true, Duration.ofSeconds(5));
      stopRequested.countDown();
    });
    stopRequested.await();
    outputs.drainAndClose(Duration.ofSeconds(5));

    List<String> keys = keysBelow(dir.resolve("archive"));
    assertThat(keys).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("archive").resolve(keys.get(0))))
        .containsExactly(line("app.web", "\"n\":1"), line("app.web", "\"n\":2"));
  }
}
