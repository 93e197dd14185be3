package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  void theShippedConfigPassesCheck() throws Exception {
    Finished run = runToEnd(sluice("config", "check", "conf/sluice.yaml"));

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK: conf/sluice.yaml\n");
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
    for (List<String> command : leafCommands(SluiceCommand.commandLine(CommandEnvironment.ofProcess()),
        List.of())) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Finished run = runToEnd(sluice(args.toArray(String[]::new)));

      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args))
          .startsWith("Usage: sluice " + String.join(" ", command) + " ");
    }
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
  void runServesHealthzAndStopsGracefullyOnSigterm() throws Exception {
    Path config = Files.writeString(dir.resolve("sluice.yaml"), """
        agent:
          drain_timeout: 5s
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
        admin:
          bind: 127.0.0.1
          port: 0
        """.formatted(dir.resolve("buffer"), dir.resolve("archive")));
    Path log = dir.resolve("run.log");
    Process process = sluice("run", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      int port = await().atMost(Duration.ofSeconds(30)).until(() -> adminPort(log), Optional::isPresent).orElseThrow();
      assertThat(healthz(port)).isEqualTo(200);
      Finished status = await().atMost(Duration.ofSeconds(30))
          .until(() -> runToEnd(sluice("status", "--url", "http://127.0.0.1:" + port)), run -> run.exitCode() == 0);
      assertThat(status.out()).startsWith("agent ").contains(": ready, up ").containsPattern("archive +\\S+");
      Finished quarantine = runToEnd(sluice("quarantine", "list", "-c", config.toString()));
      assertThat(quarantine.exitCode()).as(quarantine.err()).isZero();
      assertThat(quarantine.out()).isEqualTo("Nothing in quarantine.\n");

      process.destroy();

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("a graceful stop").isZero();
      assertThat(Files.readString(log)).contains("Sluice agent stopped");
    } finally {
      process.destroyForcibly();
    }
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
