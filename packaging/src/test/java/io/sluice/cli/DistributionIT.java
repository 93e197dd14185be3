package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the assembled distribution ({@code target/sluice}) the way an operator does: {@code bin/sluice} as a child
 * process, through the launcher script, {@code conf/jvm.options} and {@code lib/*}.
 */
class DistributionIT {

  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice"));
  private static final Path TARBALL =
      Path.of(System.getProperty("sluice.tarball", "target/sluice-" + SluiceVersion.current() + ".tar.gz"));
  private static final Path LAUNCHER = DIST.resolve("bin/sluice").toAbsolutePath();
  private static final Pattern ADMIN_ADDRESS = Pattern.compile("Sluice agent started .* admin=127\\.0\\.0\\.1:(\\d+) ");
  private static final Pattern HTTP_ADDRESS = Pattern.compile("HTTP input listening on 127\\.0\\.0\\.1:(\\d+) ");

  @TempDir
  Path dir;

  /** What a finished child process printed. */
  private record Finished(int exitCode, String out, String err) {}

  private ProcessBuilder sluice(String... args) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIST.toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().putAll(ExampleConfig.SECRETS);
    return builder;
  }

  private Finished runToEnd(ProcessBuilder builder) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sluice finished within a minute").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void versionPrintsTheBuildVersion() throws Exception {
    Finished run = runToEnd(sluice("--version"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice " + SluiceVersion.current() + "\n");
  }

  @Test
  void theShippedConfigPassesCheckWithItsOneWarning() throws Exception {
    Finished run = runToEnd(sluice("config", "check", "conf/sluice.yaml"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("OK: conf/sluice.yaml\n");
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("warning: conf/sluice.yaml:").contains("gets no connectPassword");
  }

  @Test
  void aUsageErrorExitsTwoWithTheProblemAndTheHelpToTry() throws Exception {
    Finished run = runToEnd(sluice("batches", "list", "--stauts", "open"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("sluice: Unknown options: '--stauts', 'open'")
        .endsWith("Try 'sluice batches list --help'.\n");
  }

  @Test
  void aYamlSyntaxErrorIsPlacedWhereTheParserFoundIt() throws Exception {
    Path bad = Files.writeString(dir.resolve("tab.yaml"), "agent:\n\tid: a\n");

    Finished run = runToEnd(sluice("config", "check", bad.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(bad + ":2:1: found character '\\t(TAB)' that cannot start any token.");
  }

  @Test
  void aConfigErrorExitsTwoWithTheProblemOnStderr() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "outputs: []\n");

    Finished run = runToEnd(sluice("config", "check", bad.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(bad + ":1:10: outputs: at least one output is required"
        + " (or, for a standalone loader, at least one loader.loads entry)\n");
  }

  @Test
  void configImportPrintsYamlAndExitsZeroThreeOrTwo() throws Exception {
    Path mapped = Files.writeString(dir.resolve("mapped.conf"),
        "<match **>\n  @type s3\n  s3_bucket acme-logs\n</match>\n");
    Path partial = Files.writeString(dir.resolve("partial.conf"), "<filter **>\n  @type grep\n</filter>\n"
        + "<match **>\n  @type s3\n  s3_bucket acme-logs\n</match>\n");
    Path broken = Files.writeString(dir.resolve("broken.conf"), "<match **>\n");

    Finished all = runToEnd(sluice("config", "import", mapped.toString()));
    Finished some = runToEnd(sluice("config", "import", partial.toString()));
    Finished none = runToEnd(sluice("config", "import", broken.toString()));

    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).startsWith("# Imported from " + mapped).contains("bucket: acme-logs");
    assertThat(all.err()).startsWith("imported " + mapped + ": everything mapped\n")
        .doesNotContain("not imported");
    assertThat(some.exitCode()).isEqualTo(3);
    assertThat(some.err()).contains("1 part not imported").contains(partial + ":1: <filter **> @type grep");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).startsWith("sluice: " + broken + ":1: expected end tag '</match>'");
  }

  @Test
  void configDefaultPrintsTheEmbeddedDefaultWhole() throws Exception {
    Finished run = runToEnd(sluice("config", "default"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(ConfigLoader.defaultYaml());
  }

  @Test
  void configShowPrintsTheEffectiveShippedConfig() throws Exception {
    Finished run = runToEnd(sluice("config", "show", "conf/sluice.yaml"));

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("outputs:").contains("password: <redacted>").endsWith("\n");
  }

  @Test
  void everyCommandAnswersHelpThroughTheLauncher() throws Exception {
    Map<String, List<String>> helps = new LinkedHashMap<>();
    helps.put("", List.of("--help"));
    for (List<String> command : leafCommands(SluiceCommand.commandLine(CommandEnvironment.ofProcess()),
        List.of())) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      helps.put(String.join(" ", command), args);
    }

    Map<String, Launcher.Finished> runs = new Launcher(dir, ExampleConfig.SECRETS).runAll(helps);

    runs.forEach((command, run) -> {
      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.out()).as(run.describe())
          .startsWith("Usage: sluice " + (command.isEmpty() ? "" : command + " "));
    });
    assertThat(runs.get("").out()).as("the commands and the exit codes")
        .contains("batches", "files", "loader", "quarantine", "status", "config", "run")
        .contains("Exit codes:", "0   success", "1   runtime failure", "2   usage or configuration error");
  }

  /** The path of every command without subcommands, as typed after {@code sluice}. */
  private static List<List<String>> leafCommands(CommandLine command, List<String> path) {
    if (command.getSubcommands().isEmpty()) {
      return List.of(path);
    }
    List<List<String>> leaves = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      leaves.addAll(leafCommands(sub.getValue(), next));
    }
    return leaves;
  }

  @Test
  void jvmOptionsHoldTheChronicleFlagsFromTheBuild() throws Exception {
    String options = Files.readString(DIST.resolve("conf/jvm.options"));

    assertThat(options)
        .contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
        .contains("-Dchronicle.analytics.disable=true")
        .doesNotContain("${");
  }

  @Test
  void theTarballHoldsBinConfLibAndSystemd() throws Exception {
    Finished listing = runToEnd(new ProcessBuilder("tar", "-tzf", TARBALL.toString()));
    String top = "sluice-" + SluiceVersion.current() + "/";

    assertThat(listing.out().lines())
        .contains(top + "bin/sluice", top + "conf/jvm.options", top + "conf/sluice.yaml",
            top + "systemd/sluice.service")
        .anyMatch(entry -> entry.matches(top + "lib/sluice-agent-.*\\.jar"));
  }

  @Test
  void runTakesAnHttpRecordServesItsCommandsAndStopsGracefullyOnSigterm() throws Exception {
    Path archive = dir.resolve("archive");
    Path config = Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          id: it
          drain_timeout: 5s
        inputs:
          forward: {bind: 127.0.0.1, port: 0}
          http: {bind: 127.0.0.1, port: 0}
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
            roll: {age: 1s}
        admin:
          bind: 127.0.0.1
          port: 0
        """.formatted(dir.resolve("buffer"), archive));
    Path log = dir.resolve("run.log");
    Process process = sluice("run", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      int port = await().atMost(Duration.ofSeconds(30)).until(() -> adminPort(log), Optional::isPresent).orElseThrow();
      assertThat(healthz(port)).isEqualTo(200);
      int httpPort = httpPort(log);
      assertThat(post(httpPort, "/app.access", "{\"msg\":\"through the launcher\"}")).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> archived(archive).contains("through the launcher"));
      String url = "http://127.0.0.1:" + port;
      Map<String, Launcher.Finished> commands = new Launcher(dir, Map.of()).runAll(Map.of(
          "status", List.of("status", "--url", url),
          "status json", List.of("status", "--url", url, "--json"),
          "quarantine", List.of("quarantine", "list", "-c", config.toString()),
          "quarantine json", List.of("quarantine", "list", "-c", config.toString(), "--json")));
      commands.values().forEach(run -> assertThat(run.exitCode()).as(run.describe()).isZero());
      assertThat(commands.get("status").out()).startsWith("agent it: ready, up ").containsPattern("archive +\\S+");
      assertThat(new ObjectMapper().readTree(commands.get("status json").out()).get("ready").asBoolean()).isTrue();
      assertThat(commands.get("quarantine").out()).isEqualTo("Nothing in quarantine.\n");
      assertThat(commands.get("quarantine json").out()).isEqualTo("[ ]\n");

      process.destroy();

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("a graceful stop").isZero();
      assertThat(Files.readString(log)).contains("Sluice agent stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  private static int httpPort(Path log) throws IOException {
    Matcher matcher = HTTP_ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
    assertThat(matcher.find()).as("the HTTP input's port in the log").isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static int post(int port, String path, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Everything the local output has shipped so far. */
  private static String archived(Path archive) throws IOException {
    if (!Files.isDirectory(archive)) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(archive)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }

  private static Optional<Integer> adminPort(Path log) throws IOException {
    Matcher matcher = ADMIN_ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  private static int healthz(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
        .timeout(Duration.ofSeconds(5))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
