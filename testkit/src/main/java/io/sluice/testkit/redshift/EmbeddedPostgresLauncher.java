package io.sluice.testkit.redshift;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Starts PostgreSQL from the zonky binaries on the classpath: nothing to install on the machine, the binaries are
 * unpacked once under the system temp directory, and every run gets a fresh data directory there.
 */
final class EmbeddedPostgresLauncher {

  /**
   * The superuser connects without a password; every other role must give its md5 password. The Redshift JDBC
   * driver cannot do SCRAM, PostgreSQL's default, so md5 is what exercises its password path.
   */
  private static final String HOST_BASED_AUTHENTICATION = """
      local all all trust
      host all postgres 127.0.0.1/32 trust
      host all postgres ::1/128 trust
      host all all 127.0.0.1/32 md5
      host all all ::1/128 md5
      """;

  private EmbeddedPostgresLauncher() {}

  static EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(new File(System.getProperty("java.io.tmpdir"), "sluice-testkit-postgres"))
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(30))
        // Test data need not survive a crash.
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("password_encryption", "md5")
        .setDataDirectoryCustomizer(EmbeddedPostgresLauncher::writeHostBasedAuthentication)
        .start();
  }

  private static void writeHostBasedAuthentication(File dataDirectory) {
    try {
      Files.writeString(new File(dataDirectory, "pg_hba.conf").toPath(), HOST_BASED_AUTHENTICATION,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, e);
    }
  }
}
