package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records accepted over HTTP by a whole agent (HTTP input, Chronicle buffer, S3 output) reach the bucket exactly
 * once each, in the order each connection sent them.
 */
@ExtendWith(LocalS3Extension.class)
class AgentEndToEndTest {

  private static final int CONNECTIONS = 4;
  private static final int RECORDS_PER_CONNECTION = 25_000;
  private static final int RECORDS_PER_REQUEST = 500;

  @TempDir
  Path dir;

  @Test
  void hundredThousandRecordsOverFourConnectionsLandInS3ExactlyOnceInOrder(LocalS3 s3) throws Exception {
    s3.createBucket("e2e");
    try (Agent agent = new Agent(new S3AgentConfig(s3, dir).bucket("e2e").roll("1MiB", "1s").build())) {
      agent.start();
      URI server = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());

      assertThat(sendFromEveryConnection(server)).isEqualTo(CONNECTIONS * RECORDS_PER_CONNECTION / RECORDS_PER_REQUEST);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> BucketContents.lines(s3.client(), "e2e").size() >= CONNECTIONS * RECORDS_PER_CONNECTION);
    }

    List<JsonNode> lines = BucketContents.lines(s3.client(), "e2e");
    assertThat(lines).hasSize(CONNECTIONS * RECORDS_PER_CONNECTION);
    Map<Integer, List<Integer>> sequencesByConnection = lines.stream().collect(Collectors.groupingBy(
        line -> line.get("conn").asInt(), Collectors.mapping(line -> line.get("seq").asInt(), Collectors.toList())));
    List<Integer> expected = IntStream.range(0, RECORDS_PER_CONNECTION).boxed().toList();
    for (int connection = 0; connection < CONNECTIONS; connection++) {
      assertThat(sequencesByConnection.get(connection)).as("connection %d", connection).isEqualTo(expected);
    }
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.get("tag").asText()).isEqualTo("app.c" + line.get("conn").asInt() % 2);
      assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    });
  }

  /** Sends every connection's records in parallel; returns how many requests were answered 200. */
  private static int sendFromEveryConnection(URI server) throws Exception {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS,
        runnable -> new Thread(runnable, "e2e-sender-" + threads.incrementAndGet()));
    try {
      List<Future<Integer>> accepted = new ArrayList<>();
      for (int connection = 0; connection < CONNECTIONS; connection++) {
        int id = connection;
        accepted.add(senders.submit(() -> send(server, id)));
      }
      int total = 0;
      for (Future<Integer> future : accepted) {
        total += future.get();
      }
      return total;
    } finally {
      senders.shutdownNow();
    }
  }

  private static int send(URI server, int connection) throws Exception {
    int accepted = 0;
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
      for (int first = 0; first < RECORDS_PER_CONNECTION; first += RECORDS_PER_REQUEST) {
        byte[] body = TestRecords.batch(connection, first, RECORDS_PER_REQUEST);
        if (http.post("/app.c" + connection % 2, "application/json", body).status() == 200) {
          accepted++;
        }
      }
    }
    return accepted;
  }
}
