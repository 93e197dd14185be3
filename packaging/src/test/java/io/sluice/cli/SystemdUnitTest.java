package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped unit, as systemd-analyze judges it (skipped where systemd is not installed). */
class SystemdUnitTest {

  private static final Path UNIT = Path.of("src/dist/systemd/sluice.service").toAbsolutePath();
  private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for sluice\\.service: (\\d+\\.\\d+) ");

  /** What systemd-analyze printed, both streams. */
  private record Analysis(int exitCode, String output) {}

  private static Analysis analyze(String... args) throws Exception {
    assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, "systemd-analyze"))),
        "systemd-analyze is not installed");
    Process process = new ProcessBuilder(Stream.concat(Stream.of("systemd-analyze"), Stream.of(args)).toList())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Analysis(process.exitValue(), output);
  }

  @Test
  void theUnitsExposureIsAtMostTwoAndAHalf() throws Exception {
    Analysis security = analyze("security", "--offline=true", "--threshold=25", "--no-pager", UNIT.toString());

    Matcher exposure = EXPOSURE.matcher(security.output());
    assertThat(exposure.find()).as(security.output()).isTrue();
    assertThat(Double.parseDouble(exposure.group(1))).as(security.output()).isLessThanOrEqualTo(2.5);
    assertThat(security.exitCode()).as(security.output()).isZero();
  }

  @Test
  void theUnitLeavesTheJitCompilerItsWritableExecutableMemory() {
    // The JIT compiler writes code into memory it then runs: MemoryDenyWriteExecute= would stop the JVM at start.
    assertThat(UNIT).content().doesNotContainPattern("(?m)^MemoryDenyWriteExecute=");
  }

  @Test
  void theStopTimeoutLeavesRoomForTheShippedDrainTimeout() throws Exception {
    Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(Files.readString(UNIT));
    Matcher drain = Pattern.compile("(?m)^  drain_timeout: (\\d+)s$").matcher(Files.readString(ExampleConfig.FILE));

    assertThat(stop.find()).isTrue();
    assertThat(drain.find()).isTrue();
    assertThat(Integer.parseInt(stop.group(1))).isGreaterThanOrEqualTo(Integer.parseInt(drain.group(1)) + 15);
  }
}
