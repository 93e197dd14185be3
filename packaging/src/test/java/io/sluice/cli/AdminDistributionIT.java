package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands through the assembled distribution's launcher, as an operator or a script runs them: their
 * result alone on stdout, logs on stderr.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class AdminDistributionIT {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("sluice.dist", "target/sluice")).resolve("bin/sluice").toAbsolutePath();

  @TempDir
  Path dir;

  private LocalDynamoDb ddb;
  private Path config;

  /** What a finished child process printed. */
  private record Finished(int exitCode, String out, String err) {}

  @BeforeEach
  void setUp(LocalDynamoDb ddb) throws Exception {
    this.ddb = ddb;
    config = Files.writeString(dir.resolve("loader.yaml"), """
        tracker:
          endpoint: %s
          credentials: {access_key_id: %s, secret_access_key: "${DDB_SECRET}"}
        loader:
          loads:
            - s3_prefix: bkt/logs/app.access
              manifest: {bucket: manifests-bkt}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
              clusters:
                - endpoint: analytics.abc123.eu-west-1.redshift.amazonaws.com
                  user: loader
                  target_table: public.access
        """.formatted(ddb.endpoint(), ddb.credentials().accessKeyId()));
  }

  private Finished sluice(String logLevel, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().remove("SLUICE_JAVA_OPTS");
    builder.environment().remove("SLUICE_LOG_LEVEL");
    if (logLevel != null) {
      builder.environment().put("SLUICE_LOG_LEVEL", logLevel);
    }
    builder.environment().put("DDB_SECRET", ddb.credentials().secretAccessKey());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sluice finished within a minute").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Finished(process.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  @Test
  void jsonOutputIsTheOnlyThingOnStdoutAndOnlyWarningsAreLoggedByDefault() throws Exception {
    Finished run = sluice(null, "loader", "setup", "--json", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(run.out());
    assertThat(document.at("/configs/0/s3Prefix").asText()).isEqualTo("bkt/logs/app.access");
    // The cluster has no password, in YAML or in an item: the one warning a Lambda deployment needs to see.
    assertThat(run.err().lines()).singleElement().asString()
        .contains("WARN", "gets no connectPassword");
  }

  @Test
  void aLogLevelFromTheEnvironmentLogsToStderrAndLeavesStdoutToTheResult() throws Exception {
    Finished run = sluice("info", "loader", "setup", "--json", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("configs")).hasSize(1);
    assertThat(run.err()).contains("INFO", "Created DynamoDB table LambdaRedshiftBatches");
  }

  @Test
  void anErrorIsOneLineOnStderrAndNothingOnStdout() throws Exception {
    Finished run = sluice(null, "batches", "describe", "--prefix", "bkt/logs/app.access", "no-such-batch",
        "-c", config.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("sluice: A tracker table does not exist at " + ddb.endpoint()
        + " (Cannot do operations on a non-existent table); check -c, --region and --endpoint, or create the "
        + "tables with sluice loader setup\n");
  }
}
