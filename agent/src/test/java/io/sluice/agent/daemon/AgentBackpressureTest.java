package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.http.KeepAliveHttpConnection.Response;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With S3 unreachable the buffer fills to its disk budget; then HTTP answers 503 with Retry-After and readiness
 * fails, nothing acknowledged is lost, and everything acknowledged is shipped once S3 is back.
 */
@ExtendWith(LocalS3Extension.class)
class AgentBackpressureTest {

  private static final int RECORDS_PER_REQUEST = 100;
  private static final int MAX_REQUESTS = 1_000;

  @TempDir
  Path dir;

  @Test
  void fullBufferRefusesWith503AndShipsEverythingAcceptedOnceS3IsBack(LocalS3 s3) throws Exception {
    s3.createBucket("pressure");
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(
        new InetSocketAddress(s3.endpoint().getHost(), s3.endpoint().getPort()))) {
      relay.down();
      S3AgentConfig config = new S3AgentConfig(s3, dir).bucket("pressure").s3Port(relay.port())
          .maxBytes("1MiB").roll("64KiB", "1s").withAdmin();
      try (Agent agent = new Agent(config.build())) {
        agent.start();
        URI http = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
        URI admin = URI.create("http://127.0.0.1:" + agent.adminPort().orElseThrow());
        List<Integer> acceptedFirstSequences = new ArrayList<>();
        Response refusal = postUntilRefused(http, acceptedFirstSequences);

        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.headers()).containsKey("retry-after");
        assertThat(acceptedFirstSequences).isNotEmpty();
        assertThat(get(admin, "/readyz").status()).isEqualTo(503);

        relay.up();

        int expected = acceptedFirstSequences.size() * RECORDS_PER_REQUEST;
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> BucketContents.lines(s3.client(), "pressure").size() >= expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").status() == 200);
        List<Integer> shipped = BucketContents.lines(s3.client(), "pressure").stream()
            .map((JsonNode line) -> line.get("seq").asInt()).toList();
        List<Integer> acceptedRecords = acceptedFirstSequences.stream()
            .flatMap(first -> java.util.stream.IntStream.range(first, first + RECORDS_PER_REQUEST).boxed())
            .toList();
        assertThat(shipped).containsExactlyElementsOf(acceptedRecords);
      }
    }
  }

  /** Posts batches until one is refused; records the first sequence number of every accepted batch. */
  private static Response postUntilRefused(URI server, List<Integer> accepted) throws Exception {
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
      for (int request = 0; request < MAX_REQUESTS; request++) {
        int first = request * RECORDS_PER_REQUEST;
        Response response = http.post("/app.pressure", "application/json",
            TestRecords.batch(0, first, RECORDS_PER_REQUEST));
        if (response.status() != 200) {
          return response;
        }
        accepted.add(first);
      }
    }
    throw new AssertionError("the buffer accepted " + MAX_REQUESTS + " requests without refusing one");
  }

  private static Response get(URI server, String path) throws Exception {
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
      return http.get(path);
    }
  }
}
