package io.sluice.agent.daemon;

import static io.sluice.agent.AdminHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.agent.output.OutputStatus;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that fails as a whole (its bucket does not exist yet) is retried, never quarantines, and makes
 * {@code /readyz} fail naming the output and its reason until the bucket appears.
 */
@ExtendWith(LocalS3Extension.class)
class AgentOutputReadinessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private SluiceConfig config(LocalS3 s3) throws Exception {
    String yaml = """
        agent: {id: e2e, drain_timeout: 5s}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        %s
            readiness: {failure_grace: 1s}
        admin: {bind: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("buffer"), StandInYaml.s3Output(s3, s3.endpoint(), "late", "1MiB", "1s"));
    return new ConfigLoader(Map.of("S3_SECRET", s3.secretAccessKey())).parse("e2e.yaml", yaml, dir);
  }

  @Test
  void aMissingBucketFailsReadinessWithItsReasonUntilItExistsThenEverythingLandsOnce(LocalS3 s3) throws Exception {
    try (Agent agent = new Agent(config(s3))) {
      agent.start();
      int admin = agent.adminPort().orElseThrow();
      try (KeepAliveHttpConnection http =
          KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow()))) {
        assertThat(http.post("/app.web", "application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)).status())
            .isEqualTo(200);
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").statusCode() == 503);
      JsonNode body = JSON.readTree(get(admin, "/readyz").body());
      assertThat(body.get("failing")).extracting(JsonNode::asText).containsExactly("output:s3");
      assertThat(body.get("reasons").get("output:s3").asText()).contains("no_such_bucket");
      OutputStatus failing = agent.outputStatus().get(0);
      assertThat(failing.failure()).startsWith("no_such_bucket");
      assertThat(failing.failingSince()).isNotNull();
      assertThat(failing.filesWaiting()).isEqualTo(1);

      s3.createBucket("late");

      await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").statusCode() == 200);
      await().atMost(Duration.ofSeconds(30)).until(() -> BucketContents.lines(s3.client(), "late").size() == 1);
      OutputStatus recovered = agent.outputStatus().get(0);
      assertThat(recovered.failure()).isNull();
      assertThat(recovered.filesQuarantined()).isZero();
      assertThat(recovered.lastUpload()).isNotNull();
    }
    assertThat(BucketContents.lines(s3.client(), "late")).singleElement()
        .satisfies(line -> assertThat(line.get("n").asInt()).isEqualTo(1));
  }
}
