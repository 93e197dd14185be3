package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What every tracker admin command shares: where its settings come from, and how it fails. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class AdminCommandTest {

  @TempDir
  Path dir;

  private LocalDynamoDb ddb;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    this.ddb = ddb;
    config = AdminConfigFile.write(dir, ddb, s3);
  }

  @Test
  void helpListsTheAdminCommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.out()).contains("batches", "files", "loader");
    assertThat(CliRun.of("batches", "--help").out()).contains("list", "describe", "reprocess", "unlock", "reconcile");
  }

  @Test
  void missingTablesAreOneLineNamingWhereTheyWereLookedFor() {
    CliRun run = config.run("batches", "list", "--status", "open");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice: A tracker table does not exist at " + ddb.endpoint()
        + " (Cannot do operations on a non-existent table); check -c, --region and --endpoint, or create the "
        + "tables with sluice loader setup");
  }

  @Test
  void endpointOverridesTheFile() throws Exception {
    LambdaTracker.create(ddb.client());
    Files.writeString(config.file(), Files.readString(config.file())
        .replace(ddb.endpoint().toString(), "http://127.0.0.1:9"));

    CliRun run = config.run("batches", "list", "--status", "open", "--endpoint", ddb.endpoint().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("No open batches.\n");
  }

  @Test
  void regionAndEndpointOverrideOnlyTheTrackerSection() throws Exception {
    AdminOptions options = new AdminOptions();
    options.configFile = config.file();
    options.region = "eu-west-1";
    options.endpoint = URI.create("http://127.0.0.1:8000");

    AdminSettings settings = AdminSettings.load(options, new CommandEnvironment(config.variables(), daemon -> {}),
        AdminSettings.TRACKER_TABLES);

    assertThat(settings.tracker().region()).isEqualTo("eu-west-1");
    assertThat(settings.tracker().endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
    assertThat(settings.tracker().credentials().accessKeyId()).isEqualTo(ddb.credentials().accessKeyId());
    assertThat(settings.loader().s3().region()).isNull();
  }

  @Test
  void withoutAConfigFileTheLambdaLoadersDefaultsApply() throws Exception {
    assumeFalse(Files.exists(AdminOptions.DEFAULT_CONFIG), "this machine has " + AdminOptions.DEFAULT_CONFIG);
    AdminOptions options = new AdminOptions();
    options.region = "eu-west-1";

    AdminSettings settings = AdminSettings.load(options, new CommandEnvironment(Map.of(), daemon -> {}),
        AdminSettings.TRACKER_TABLES);

    assertThat(settings.source()).isEqualTo("<defaults>");
    assertThat(settings.tracker().tables()).isEqualTo(LambdaTracker.TABLES);
    assertThat(settings.tracker().region()).isEqualTo("eu-west-1");
    assertThat(settings.tracker().credentials()).isNull();
  }

  @Test
  void aTrackerCommandNeedsNoSecretOfWhatItDoesNotUse(LocalS3 s3) throws Exception {
    LambdaTracker.create(ddb.client());
    Path file = AdminConfigFile.write(dir, ddb, s3, """
        loads:
          - s3_prefix: bkt/logs/app.access
            manifest: {bucket: manifests}
            copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/copy"}
            clusters:
              - endpoint: db.example.com
                user: loader
                password: ${UNSET_REDSHIFT_PASSWORD}
                target_table: public.access
        """).file();
    Files.writeString(file, Files.readString(file).replace("outputs:", """
        inputs:
          http: {bearer_token: "${UNSET_HTTP_TOKEN}"}
        outputs:"""));

    CliRun list = config.run("batches", "list");
    CliRun setupWithKms = config.run("loader", "setup", "--kms-key");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).isEqualTo("No batches.\n");
    assertThat(setupWithKms.exitCode()).as("encrypting the password needs it").isEqualTo(2);
    assertThat(setupWithKms.errLines()).singleElement().asString()
        .contains("loader.loads[0].clusters[0].password: environment variable UNSET_REDSHIFT_PASSWORD is not set");
  }

  @Test
  void anInvalidConfigFileIsAConfigurationErrorWithExitTwo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "tracker:\n  endpoint: nowhere\n");

    CliRun run = CliRun.of("batches", "list", "--status", "open", "-c", bad.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).contains(bad + ":2:13: tracker.endpoint: expected a URL such as "
        + "http://127.0.0.1:8000, got \"nowhere\"");
  }

  @Test
  void aMissingConfigFileGivenWithDashCIsAConfigurationError() {
    CliRun run = CliRun.of("files", "query", "bkt/a.json", "-c", dir.resolve("none.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(dir.resolve("none.yaml") + ": no such file");
  }
}
