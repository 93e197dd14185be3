package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;

/**
 * Records a real forward client (Fluency: PackedForward, acks, EventTime) sends to a whole agent reach the bucket
 * exactly once each, in order, with their event time.
 */
@ExtendWith(LocalS3Extension.class)
class AgentForwardEndToEndTest {

  private static final int EVENTS = 20_000;
  private static final long SECONDS = 1_795_619_509L;

  @TempDir
  Path dir;

  @Test
  void fluencyRecordsLandInS3ExactlyOnceInOrderWithTheirEventTime(LocalS3 s3) throws Exception {
    s3.createBucket("forwarded");
    try (Agent agent = new Agent(new S3AgentConfig(s3, dir).bucket("forwarded").withForward().build())) {
      agent.start();
      FluencyBuilderForFluentd builder = new FluencyBuilderForFluentd();
      builder.setAckResponseMode(true);
      Fluency fluency = builder.build("127.0.0.1", agent.forwardPort().orElseThrow());
      try {
        for (int seq = 0; seq < EVENTS; seq++) {
          fluency.emit("app.forwarded", EventTime.fromEpoch(SECONDS, 123_000_000L), Map.of("seq", seq));
        }
        fluency.flush();
        assertThat(fluency.waitUntilAllBufferFlushed(30)).isTrue();
      } finally {
        fluency.close();
        fluency.waitUntilFlusherTerminated(10);
      }

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> BucketContents.lines(s3.client(), "forwarded").size() >= EVENTS);
    }

    List<JsonNode> lines = BucketContents.lines(s3.client(), "forwarded");
    assertThat(lines).extracting(line -> line.get("seq").asInt())
        .containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.get("tag").asText()).isEqualTo("app.forwarded");
      assertThat(line.get("time").asText()).isEqualTo("2026-11-25T15:11:49.123Z");
    });
  }
}
