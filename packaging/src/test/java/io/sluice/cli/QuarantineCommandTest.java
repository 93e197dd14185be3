package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.agent.daemon.Agent;
import io.sluice.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarantine commands on a real agent's local output: a tag whose directory is blocked by a regular file cannot
 * be stored, so its file is quarantined while the other tag ships; the commands then see, retry and drop it.
 */
class QuarantineCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path config;
  private Agent agent;

  @BeforeEach
  void startAgentWithABlockedTag() throws Exception {
    config = Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          id: aggregator-1
          drain_timeout: 2s
        inputs:
          forward:
            enabled: false
          http:
            bind: 127.0.0.1
            port: 0
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
            roll:
              age: 1s
        admin:
          bind: 127.0.0.1
          port: 0
        """.formatted(dir.resolve("buffer"), archive()));
    Files.createDirectories(archive().resolve("logs"));
    Files.writeString(archive().resolve("logs/app.blocked"), "in the way");
    agent = new Agent(new ConfigLoader(Map.of()).read(config));
    agent.start();
    post("app.blocked", "{\"msg\":\"held\"}");
    post("app.good", "{\"msg\":\"shipped\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> quarantined().size() == 1 && !shipped("app.good").isEmpty());
  }

  @AfterEach
  void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private Path archive() {
    return dir.resolve("archive");
  }

  private void post(String tag, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort().getAsInt() + "/"
        + tag)).POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build();
    assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
  }

  private CliRun sluice(String... args) {
    String[] all = Stream.concat(Stream.of(args), Stream.of("-c", config.toString())).toArray(String[]::new);
    return CliRun.of(all);
  }

  private JsonNode quarantined() throws IOException {
    CliRun run = sluice("quarantine", "list", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private List<Path> shipped(String tag) throws IOException {
    Path tagDirectory = archive().resolve("logs").resolve(tag);
    if (!Files.isDirectory(tagDirectory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tagDirectory)) {
      return files.filter(file -> file.toString().endsWith(".json")).toList();
    }
  }

  private long sequence() throws IOException {
    return quarantined().get(0).path("sequence").asLong();
  }

  @Test
  void listShowsTheQuarantinedFileWithItsReasonAndIntendedKey() throws Exception {
    CliRun run = sluice("quarantine", "list");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("archive +\\d+ +file +\\S+ +app\\.blocked +1 ")
        .contains("logs/app.blocked/")
        .contains("1 in quarantine");
  }

  @Test
  void showPrintsEveryFieldOfTheReasonObject() throws Exception {
    CliRun run = sluice("quarantine", "show", Long.toString(sequence()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("tag", "app.blocked").contains("contentKey", "logs/_quarantine/aggregator-1-"
        + "archive-");
  }

  @Test
  void retryWhileTheCauseRemainsFailsAndKeepsTheFile() throws Exception {
    long sequence = sequence();

    CliRun run = sluice("quarantine", "retry", Long.toString(sequence));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("failed, still in quarantine");
    assertThat(quarantined()).hasSize(1);
  }

  @Test
  void retryAfterTheCauseIsFixedLandsTheFileOnceAndEmptiesTheQuarantine() throws Exception {
    long sequence = sequence();
    Files.delete(archive().resolve("logs/app.blocked"));

    CliRun run = sluice("quarantine", "retry", Long.toString(sequence));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("shipped to");
    List<Path> landed = shipped("app.blocked");
    assertThat(landed).hasSize(1);
    assertThat(Files.readString(landed.get(0))).contains("\"msg\":\"held\"");
    assertThat(quarantined()).isEmpty();
    assertThat(sluice("quarantine", "retry", Long.toString(sequence)).out()).contains("not in quarantine");
  }

  @Test
  void dropNeedsYesAndThenDeletesTheFileForGood() throws Exception {
    long sequence = sequence();

    CliRun refused = sluice("quarantine", "drop", Long.toString(sequence));
    CliRun dropped = sluice("quarantine", "drop", "--yes", Long.toString(sequence));

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("--yes");
    assertThat(dropped.exitCode()).isZero();
    assertThat(dropped.out()).contains("dropped");
    assertThat(quarantined()).isEmpty();
  }

  @Test
  void statusCountsTheQuarantinedFileOfTheOutput() throws Exception {
    CliRun run = CliRun.of("status", "--json", "--url", "http://127.0.0.1:" + agent.adminPort().getAsInt());

    JsonNode output = JSON.readTree(run.out()).path("outputs").get(0);
    assertThat(output.path("name").asText()).isEqualTo("archive");
    assertThat(output.path("files_quarantined").asLong()).isEqualTo(1);
    assertThat(output.path("last_upload").isNull()).isFalse();
  }

  @Test
  void anUnknownOutputIsAUsageError() {
    CliRun run = sluice("quarantine", "list", "--output", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no output named nope").contains("archive");
  }
}
