package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The release tarball: one top-level directory named for the version, the licence, and a notice for every jar. */
class TarballIT {

  private static final String TOP = "sluice-" + SluiceVersion.current() + "/";
  private static final Path TARBALL =
      Path.of(System.getProperty("sluice.tarball", "target/sluice-" + SluiceVersion.current() + ".tar.gz"));
  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice"));

  private static List<String> entries() throws Exception {
    Process tar = new ProcessBuilder("tar", "-tzf", TARBALL.toString()).redirectErrorStream(true).start();
    List<String> entries = new String(tar.getInputStream().readAllBytes()).lines().toList();
    assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(String.join("\n", entries)).isZero();
    return entries;
  }

  @Test
  void everyEntryIsUnderOneDirectoryNamedForTheVersion() throws Exception {
    assertThat(entries()).isNotEmpty().allMatch(entry -> entry.startsWith(TOP));
  }

  @Test
  void itHoldsTheLauncherConfigLibrariesUnitLicenceAndNotice() throws Exception {
    assertThat(entries()).contains(TOP + "bin/sluice", TOP + "conf/sluice.yaml", TOP + "conf/sluice.env",
        TOP + "conf/jvm.options", TOP + "systemd/sluice.service", TOP + "systemd/sysusers.d/sluice.conf",
        TOP + "LICENSE", TOP + "NOTICE");
    if (Files.isDirectory(DIST.resolve("monitoring"))) {
      assertThat(entries()).anyMatch(entry -> entry.startsWith(TOP + "monitoring/") && !entry.endsWith("/"));
    }
  }

  @Test
  void theLicenceIsApacheTwo() throws Exception {
    assertThat(DIST.resolve("LICENSE")).content()
        .contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
  }

  @Test
  void theNoticeNamesEveryBundledThirdPartyJarWithItsLicence() throws IOException {
    String notice = Files.readString(DIST.resolve("NOTICE"));
    try (Stream<Path> jars = Files.list(DIST.resolve("lib"))) {
      // lib/ also holds the class list (and in target/sluice the class archive): ours, not third-party jars.
      assertThat(jars.map(jar -> jar.getFileName().toString())
          .filter(jar -> jar.endsWith(".jar") && !jar.startsWith("sluice-")))
          .as("jars missing from NOTICE: add each under its licence (see its pom's <licenses>)")
          .allSatisfy(jar -> assertThat(notice).contains("  " + jar + " "));
    }
  }
}
