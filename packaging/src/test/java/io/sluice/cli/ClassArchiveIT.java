package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archive that makes the short commands start fast: shipped as a class list, turned into
 * {@code lib/sluice.jsa} by {@code sluice --class-archive} where the distribution is installed, and used by the
 * launcher from then on. Speed itself is measured in docs/BENCHMARKS.md; these check that the archive is used.
 */
class ClassArchiveIT {

  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice")).toAbsolutePath();

  @TempDir
  Path dir;

  /** What a finished child process printed. */
  private record Finished(int exitCode, String out, String err) {}

  @Test
  void theClassListNamesTheClassesOfTheAdminCommands() throws IOException {
    List<String> classes = Files.readAllLines(DIST.resolve("lib/sluice.classlist"));

    assertThat(classes).contains("io/sluice/cli/SluiceCommand", "io/sluice/cli/BatchesListCommand",
        "software/amazon/awssdk/services/dynamodb/DynamoDbClient", "picocli/CommandLine");
  }

  @Test
  void theBuiltDistributionLoadsTheCommandsFromItsArchive() throws Exception {
    Finished run = versionWithClassLog(DIST);

    assertThat(run.exitCode()).isZero();
    assertThat(classLoadLines(run, "io.sluice.cli.SluiceCommand")).allMatch(line -> line.contains("shared"));
  }

  @Test
  void nearlyEveryClassTheVersionCommandLoadsComesFromTheArchive() throws Exception {
    // What is left are classes the JVM generates at run time (lambda forms, proxies); a training run that missed
    // a part of the start (once: the logging configuration) shows here as hundreds of classes read from jars.
    Finished run = versionWithClassLog(DIST);

    List<String> loaded = run.out().lines().filter(line -> line.contains(" source: ")).toList();
    List<String> fromJars = loaded.stream().filter(line -> line.contains("source: jar:")
        || line.contains("source: file:")).toList();
    assertThat(fromJars).as("classes read from jars instead of the archive").hasSizeLessThan(loaded.size() / 50);
  }

  @Test
  void anArchiveWrittenWhereTheDistributionIsInstalledIsUsedThere() throws Exception {
    Path installed = copyOfDistribution();
    Files.deleteIfExists(installed.resolve("lib/sluice.jsa"));

    Finished written = finish(launcher(installed, "--class-archive"));
    Finished run = versionWithClassLog(installed);

    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).isEqualTo("sluice: wrote " + installed.resolve("lib/sluice.jsa") + "\n");
    assertThat(classLoadLines(run, "io.sluice.cli.SluiceCommand")).allMatch(line -> line.contains("shared"));
  }

  @Test
  void anArchiveMadeElsewhereIsIgnoredWithoutAWord() throws Exception {
    // The build's archive, copied with its directory: its class path no longer matches, so the JVM must skip it.
    Path moved = copyOfDistribution();

    Finished run = finish(launcher(moved, "--version"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice " + SluiceVersion.current() + "\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aDamagedArchiveIsIgnoredWithoutAWord() throws Exception {
    Path damaged = copyOfDistribution();
    Files.writeString(damaged.resolve("lib/sluice.jsa"), "not an archive");

    Finished run = finish(launcher(damaged, "--version"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice " + SluiceVersion.current() + "\n");
    assertThat(run.err()).isEmpty();
  }

  private Finished versionWithClassLog(Path distribution) throws Exception {
    Path classLog = dir.resolve("classes-" + System.nanoTime() + ".log");
    ProcessBuilder builder = launcher(distribution, "--version");
    builder.environment().put("SLUICE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    Finished run = finish(builder);
    return new Finished(run.exitCode(), Files.readString(classLog, StandardCharsets.UTF_8), run.err());
  }

  private static List<String> classLoadLines(Finished run, String className) {
    List<String> lines = run.out().lines().filter(line -> line.contains(" " + className + " ")).toList();
    assertThat(lines).as("class-load log lines of %s", className).isNotEmpty();
    return lines;
  }

  private Path copyOfDistribution() throws IOException {
    Path copy = dir.resolve("installed");
    try (Stream<Path> tree = Files.walk(DIST)) {
      for (Path source : (Iterable<Path>) tree::iterator) {
        Path target = copy.resolve(DIST.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return copy;
  }

  private ProcessBuilder launcher(Path distribution, String... args) {
    List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/sluice").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    return builder;
  }

  private Finished finish(ProcessBuilder builder) throws Exception {
    Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
    Path err = dir.resolve("err-" + System.nanoTime() + ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sluice finished within a minute").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
