package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Tags too long for a key (300 characters, 2,000 bytes), sent over HTTP and forward to an agent with a local and an
 * S3 output: they land exactly once under their mapped keys, and records of other tags keep flowing.
 */
@ExtendWith(LocalS3Extension.class)
class AgentLongTagEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HTTP_LONG = "h".repeat(300);
  private static final String HTTP_HUGE = "H".repeat(2000);
  private static final String FORWARD_LONG = "f".repeat(300);
  private static final String FORWARD_HUGE = "F".repeat(2000);
  private static final List<String> TAGS = List.of(HTTP_LONG, HTTP_HUGE, "app.http", FORWARD_LONG, FORWARD_HUGE,
      "app.forward");

  @TempDir
  Path dir;

  private SluiceConfig config(LocalS3 s3) throws Exception {
    String yaml = """
        agent: {id: e2e, drain_timeout: 20s}
        inputs:
          forward: {enabled: true, bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        %s
            continue: true
          - name: files
            type: local
            directory: %s
            roll: {age: 1s}
        """.formatted(dir.resolve("buffer"), StandInYaml.s3Output(s3, s3.endpoint(), "tags", "1MiB", "1s"),
        dir.resolve("files"));
    return new ConfigLoader(Map.of("S3_SECRET", s3.secretAccessKey())).parse("e2e.yaml", yaml, dir);
  }

  /** The key directory a tag maps to, as {@code KeyTemplate} documents it. */
  private static String mappedTag(String tag) throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(tag.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    return tag.length() <= 255 ? tag : tag.substring(0, 200) + "~" + hash;
  }

  @Test
  void longTagsLandOnceUnderTheirMappedKeysInBothStoresAndOtherTagsKeepFlowing(LocalS3 s3) throws Exception {
    s3.createBucket("tags");
    try (Agent agent = new Agent(config(s3))) {
      agent.start();
      URI server = URI.create("http://127.0.0.1:" + agent.httpPort().orElseThrow());
      try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(server)) {
        for (String tag : List.of(HTTP_LONG, HTTP_HUGE, "app.http")) {
          byte[] body = ("{\"tag_length\":" + tag.length() + "}").getBytes(StandardCharsets.UTF_8);
          assertThat(http.post("/" + tag, "application/json", body).status()).isEqualTo(200);
        }
      }
      Fluency fluency = new FluencyBuilderForFluentd().build("127.0.0.1", agent.forwardPort().orElseThrow());
      try {
        for (String tag : List.of(FORWARD_LONG, FORWARD_HUGE, "app.forward")) {
          fluency.emit(tag, Map.of("tag_length", tag.length()));
        }
        fluency.flush();
        assertThat(fluency.waitUntilAllBufferFlushed(30)).isTrue();
      } finally {
        fluency.close();
        fluency.waitUntilFlusherTerminated(10);
      }

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> localKeys().size() >= TAGS.size() && bucketKeys(s3).size() >= TAGS.size());
    }

    for (String tag : TAGS) {
      String directory = "logs/" + mappedTag(tag) + "/";
      assertThat(localKeys()).as("local keys of %s", tag).filteredOn(key -> key.startsWith(directory)).hasSize(1);
      assertThat(bucketKeys(s3)).as("S3 keys of %s", tag).filteredOn(key -> key.startsWith(directory)).hasSize(1);
    }
    assertThat(localKeys()).hasSize(TAGS.size()).noneMatch(key -> key.contains("_quarantine"));
    assertThat(bucketKeys(s3)).hasSize(TAGS.size());
    assertThat(localLines()).extracting(line -> line.get("tag").asText()).containsExactlyInAnyOrderElementsOf(TAGS);
    assertThat(BucketContents.lines(s3.client(), "tags")).extracting(line -> line.get("tag").asText())
        .containsExactlyInAnyOrderElementsOf(TAGS);
  }

  private List<String> localKeys() throws IOException {
    Path root = dir.resolve("files");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
    }
  }

  private List<JsonNode> localLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String key : localKeys()) {
      for (String line : Files.readAllLines(dir.resolve("files").resolve(key), StandardCharsets.UTF_8)) {
        try {
          lines.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return lines;
  }

  private static List<String> bucketKeys(LocalS3 s3) {
    return s3.client().listObjectsV2Paginator(request -> request.bucket("tags")).contents().stream()
        .map(S3Object::key).filter(key -> !S3ProxyTempFiles.isTempFile(key)).sorted().toList();
  }
}
