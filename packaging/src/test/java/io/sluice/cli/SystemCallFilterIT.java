package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's {@code SystemCallFilter=} lets the agent do its work: every system call a traced run of the distribution
 * makes (start, forward and HTTP in, the Chronicle buffer, files out, /metrics, SIGTERM) is one the filter allows.
 * Skipped without strace or systemd-analyze; where systemd is PID 1 the unit itself could be started instead.
 */
class SystemCallFilterIT {

  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice")).toAbsolutePath();
  private static final Path UNIT = Path.of("src/dist/systemd/sluice.service");
  private static final Pattern STARTED =
      Pattern.compile("Sluice agent started .* admin=[^ ]*:(\\d+) http=[^ ]*:(\\d+) forward=[^ ]*:(\\d+) ");

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void everySystemCallOfATracedRunIsAllowedByTheUnitsFilter() throws Exception {
    assumeTrue(onPath("strace") && onPath("systemd-analyze"), "strace or systemd-analyze is not installed");
    Set<String> allowed = allowedByTheUnit();
    Path config = Files.writeString(dir.resolve("sluice.yaml"), """
        agent: {drain_timeout: 5s}
        inputs:
          forward: {bind: 127.0.0.1, port: 0}
          http: {bind: 127.0.0.1, port: 0}
        buffer: {directory: %s}
        outputs:
          - name: archive
            type: local
            directory: %s
            roll: {size: 4KiB, age: 1s}
        admin: {bind: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("buffer"), dir.resolve("archive")));
    Path trace = dir.resolve("strace.txt");
    Path log = dir.resolve("run.log");
    ProcessBuilder builder = new ProcessBuilder("strace", "-f", "-qq", "-c", "-o", trace.toString(),
        DIST.resolve("bin/sluice").toString(), "run", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    Process strace = builder.start();
    try {
      Matcher started = await().atMost(Duration.ofSeconds(60))
          .until(() -> STARTED.matcher(Files.readString(log)), Matcher::find);
      try (ForwardSender forward = ForwardSender.connect("127.0.0.1", Integer.parseInt(started.group(3)))) {
        forward.send("app.forward", List.of(Map.of("message", "over forward")));
      }
      try (KeepAliveHttpConnection http =
          KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + started.group(2)))) {
        for (int i = 0; i < 20; i++) {
          assertThat(http.post("/app.http", "application/json", ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(500)
              + "\"}").getBytes()).status()).isEqualTo(200);
        }
      }
      try (KeepAliveHttpConnection admin =
          KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + started.group(1)))) {
        assertThat(admin.get("/metrics").status()).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> archivedFiles() >= 2);
      ProcessHandle java = strace.toHandle().children().findFirst().orElseThrow();
      java.destroy();

      assertThat(strace.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      strace.descendants().forEach(ProcessHandle::destroyForcibly);
      strace.destroyForcibly();
    }

    Set<String> used = calls(trace);
    assertThat(used).as(Files.readString(log)).contains("mmap", "madvise", "msync", "accept", "clone3");
    assertThat(new TreeSet<>(used)).as("system calls outside the unit's SystemCallFilter").isSubsetOf(allowed);
  }

  private long archivedFiles() throws IOException {
    Path archive = dir.resolve("archive");
    if (!Files.isDirectory(archive)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(archive)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** The calls in the unit's allow-list sets, less those in its deny-list ({@code ~}) sets. */
  private static Set<String> allowedByTheUnit() throws Exception {
    Map<String, Set<String>> groups = syscallGroups();
    Set<String> allowed = new HashSet<>();
    Set<String> denied = new HashSet<>();
    for (String line : Files.readAllLines(UNIT)) {
      if (line.startsWith("SystemCallFilter=")) {
        String value = line.substring("SystemCallFilter=".length());
        Set<String> target = value.startsWith("~") ? denied : allowed;
        for (String item : value.replaceFirst("^~", "").split("\\s+")) {
          target.addAll(expand(item, groups));
        }
      }
    }
    allowed.removeAll(denied);
    assertThat(allowed).isNotEmpty();
    return allowed;
  }

  /** {@code systemd-analyze syscall-filter}: each set's members, calls and nested sets. */
  private static Map<String, Set<String>> syscallGroups() throws Exception {
    Process process = new ProcessBuilder("systemd-analyze", "syscall-filter", "--no-pager").start();
    String listing = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Map<String, Set<String>> groups = new HashMap<>();
    Set<String> current = null;
    for (String line : listing.lines().toList()) {
      if (line.startsWith("@")) {
        current = new HashSet<>();
        groups.put(line.split("\\s+")[0], current);
      } else if (current != null && !line.isBlank() && !line.strip().startsWith("#")) {
        current.add(line.strip());
      }
    }
    return groups;
  }

  private static Set<String> expand(String item, Map<String, Set<String>> groups) {
    if (!item.startsWith("@")) {
      return Set.of(item);
    }
    Set<String> calls = new HashSet<>();
    for (String member : groups.getOrDefault(item, Set.of())) {
      calls.addAll(expand(member, groups));
    }
    return calls;
  }

  /** The call names of a {@code strace -c} summary. */
  private static Set<String> calls(Path summary) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(summary)) {
      String[] columns = line.strip().split("\\s+");
      String last = columns[columns.length - 1];
      if (columns.length >= 5 && last.matches("[a-z_0-9]+") && !last.equals("total") && !last.equals("syscall")) {
        names.add(last);
      }
    }
    return new HashSet<>(names);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
  }
}
