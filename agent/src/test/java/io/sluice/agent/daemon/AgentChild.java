package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.agent.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link CrashTestAgentMain} JVM with the same java, classpath and Chronicle flags as this one. Its stdout and
 * stderr go to one log file: the agent logs to stdout in tests, and a file never fills up and blocks the child the
 * way an unread pipe would. Closing it kills it.
 */
final class AgentChild implements AutoCloseable {

  private static final Pattern READY_LINE =
      Pattern.compile("^" + CrashTestAgentMain.READY + "(\\d+)$", Pattern.MULTILINE);
  /** Generous: the child starts in about a second, but CI machines have bad days. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path log;

  private AgentChild(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@link CrashTestAgentMain} with {@code arguments}, adding {@code environment} to this JVM's. */
  static AgentChild start(String name, Path log, Map<String, String> environment, List<String> arguments)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(arguments))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new AgentChild(name, builder.start(), log);
  }

  /** Waits for the child's HTTP port; empty when the child ended before it printed one. */
  OptionalInt awaitReady() {
    await("READY from " + name).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
        .until(() -> readyPort().isPresent() || !process.isAlive());
    return readyPort();
  }

  /** Lets the child run for {@code delay}; true when it ended by itself meanwhile. */
  boolean endsWithin(Duration delay) throws InterruptedException {
    return process.waitFor(delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL, as {@link Process#destroyForcibly()} sends on Linux. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the child to end and returns its exit status; 137 for a SIGKILL or a halt. */
  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("%s ended within %s; its log ends with:%n%s", name, EXIT_TIMEOUT, logTail()).isTrue();
    return process.exitValue();
  }

  /** Whether the child wrote {@code text} to stdout or stderr. */
  boolean printed(String text) {
    return logText().contains(text);
  }

  /** The last lines the child wrote, for failure messages. */
  String logTail() {
    List<String> lines = List.of(logText().split("\n"));
    return "---- " + name + " (" + log + ") ----\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private OptionalInt readyPort() {
    Matcher ready = READY_LINE.matcher(logText());
    return ready.find() ? OptionalInt.of(Integer.parseInt(ready.group(1))) : OptionalInt.empty();
  }

  private String logText() {
    try {
      // Decoded leniently: the child may be halfway through writing a multi-byte character.
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static List<String> command(List<String> arguments) {
    return ChildJvm.command(CrashTestAgentMain.class, arguments);
  }
}
