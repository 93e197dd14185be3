package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice run} under a stand-in for systemd: {@code NOTIFY_SOCKET} names a socket the test listens on,
 * and the test sends SIGHUP and SIGTERM as {@code systemctl reload} and {@code systemctl stop} do.
 */
class RunLifecycleIT {

  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice"));
  private static final Path LAUNCHER = DIST.resolve("bin/sluice").toAbsolutePath();
  private static final Pattern HTTP_ADDRESS = Pattern.compile("Sluice agent started .* http=127\\.0\\.0\\.1:(\\d+) ");
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int RECORDS_PER_BATCH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Process process;
  private NotifyReceiver systemd;

  @AfterEach
  void stopEverything() throws Exception {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (systemd != null) {
      systemd.close();
    }
  }

  private Path writeConfig(String rollSize) throws IOException {
    return Files.writeString(dir.resolve("sluice.yaml"), """
        agent: {id: lifecycle, drain_timeout: 30s}
        inputs:
          http: {bind: 127.0.0.1, port: 0}
          forward: {enabled: false}
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
            roll: {size: %s, age: 1h}
        admin: {bind: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("buffer"), dir.resolve("out"), rollSize));
  }

  private Path log() {
    return dir.resolve("run.log");
  }

  private String logText() throws IOException {
    return Files.readString(log(), StandardCharsets.UTF_8);
  }

  /** Starts {@code bin/sluice run} on {@code config} and returns once systemd was told READY=1. */
  private void startUnderSystemd(Path config) throws Exception {
    systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
    ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "-c", config.toString())
        .directory(DIST.toFile()).redirectErrorStream(true).redirectOutput(log().toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().put("NOTIFY_SOCKET", systemd.name());
    process = builder.start();
    assertThat(systemd.nextWith("READY=1", START)).as("READY=1 within a minute; log:%n%s", logText()).isNotNull();
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("/bin/kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private int httpPort() throws IOException {
    Matcher matcher = HTTP_ADDRESS.matcher(logText());
    assertThat(matcher.find()).as("the start-up line names the HTTP port; log:%n%s", logText()).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private void send(int port, int batch) throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int seq = batch * RECORDS_PER_BATCH; seq < (batch + 1) * RECORDS_PER_BATCH; seq++) {
      body.append(seq == batch * RECORDS_PER_BATCH ? "" : ",").append("{\"seq\":").append(seq)
          .append(",\"pad\":\"").append("x".repeat(100)).append("\"}");
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app.web"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
        .timeout(Duration.ofSeconds(10)).build();
    assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
  }

  private List<Path> outputFiles() throws IOException {
    Path root = dir.resolve("out");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".sluice-tmp")).toList();
    }
  }

  private List<Integer> outputSequences() throws IOException {
    List<Integer> sequences = new ArrayList<>();
    for (Path file : outputFiles()) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        sequences.add(JSON.readTree(line).get("seq").asInt());
      }
    }
    return sequences.stream().sorted().toList();
  }

  private int exitCode() throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
    return process.exitValue();
  }

  @Test
  void readyComesAfterTheListenersAreBoundAndStoppingOnSigterm() throws Exception {
    startUnderSystemd(writeConfig("64MiB"));

    try (java.net.Socket connection = new java.net.Socket()) {
      connection.connect(new InetSocketAddress("127.0.0.1", httpPort()), 5000);
    }
    signal("TERM");

    assertThat(systemd.nextWith("STOPPING=1", WAIT)).isNotNull();
    assertThat(exitCode()).as("a graceful stop exits 0").isZero();
    assertThat(logText()).contains("Sluice agent stopped");
  }

  @Test
  void sighupReloadsBetweenReloadingAndReadyAndAChangedRollSizeTakesEffect() throws Exception {
    Path config = writeConfig("64MiB");
    startUnderSystemd(config);
    int port = httpPort();

    writeConfig("8KiB");
    signal("HUP");

    assertThat(systemd.nextWith("RELOADING=1", WAIT)).isNotNull();
    assertThat(systemd.nextWith("READY=1", WAIT)).isNotNull();
    assertThat(logText()).contains("config reloaded changed=[outputs[archive].roll.size]");
    for (int batch = 0; batch < 4; batch++) {
      send(port, batch);
    }
    // About 12 KB a batch: each seals a file under 8 KiB, none would before the stop under 64 MiB.
    await().atMost(WAIT).until(() -> outputFiles().size() >= 3);
    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void sighupWithABadFileLogsEveryProblemAndKeepsRunning() throws Exception {
    Path config = writeConfig("64MiB");
    startUnderSystemd(config);
    int port = httpPort();
    Files.writeString(config, Files.readString(config).replace("id: lifecycle", "id: \"bad id\"")
        .replace("name: archive", "name: \"bad name\""));

    signal("HUP");

    assertThat(systemd.nextWith("RELOADING=1", WAIT)).isNotNull();
    assertThat(systemd.nextWith("READY=1", WAIT)).isNotNull();
    String log = logText();
    assertThat(log).containsPattern("config reload rejected.* key=agent\\.id ")
        .containsPattern("config reload rejected.* key=outputs\\[0]\\.name ")
        .doesNotContain("config reloaded");
    send(port, 0);
    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void sigtermRightAfterABurstShipsEveryRecordAndLeavesTheBufferEmpty() throws Exception {
    startUnderSystemd(writeConfig("64KiB"));
    int port = httpPort();
    int batches = 100;
    for (int batch = 0; batch < batches; batch++) {
      send(port, batch);
    }

    signal("TERM");

    assertThat(exitCode()).isZero();
    assertThat(outputSequences()).containsExactlyElementsOf(
        IntStream.range(0, batches * RECORDS_PER_BATCH).boxed().toList());
    assertThat(logText()).containsPattern("Buffer closed directory=\\S+ unshipped_bytes=0\\b")
        .doesNotContain("stopped before shipping everything");
  }
}
