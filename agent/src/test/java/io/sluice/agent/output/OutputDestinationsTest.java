package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.config.buffer.BufferConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDestinationsTest {

  @TempDir
  Path dir;

  @Test
  void closingAllOutputsSealsAndShipsWhatEachHasOpen() {
    SluiceConfig config = new SluiceConfig(TestOutputs.AGENT, null,
        new BufferConfig(dir.resolve("buffer"), null, null, null, null),
        List.of(local("archive", dir.resolve("archive"), "**", rollLate()),
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
}
