package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {

  @TempDir
  Path dir;

  private static CliRun check(Map<String, String> environment, Path file) {
    return CliRun.of(environment, agent -> {
      throw new AssertionError("config check must not start an agent");
    }, "config", "check", file.toString());
  }

  @Test
  void theShippedExampleConfigIsValidWithTheWarningThatALambdaCouldNotUseItsPassword() {
    CliRun run = check(ExampleConfig.SECRETS, ExampleConfig.FILE);

    assertThat(run.errLines()).singleElement().asString().startsWith("warning: " + ExampleConfig.FILE + ":")
        .contains(": loader.loads[0].clusters[0].password: the config item of acme-logs/logs/app.access gets no "
            + "connectPassword");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK: " + ExampleConfig.FILE + System.lineSeparator());
  }

  @Test
  void aYamlPasswordInASharedTrackerIsAWarningThatALambdaCouldNotLoadThePrefix() throws Exception {
    Path file = Files.writeString(dir.resolve("loader.yaml"), LOADER.formatted("embedded",
        "password: ${PW}"));

    CliRun run = check(Map.of("PW", "secret"), file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK: " + file + System.lineSeparator());
    assertThat(run.errLines()).containsExactly("warning: " + file + ":11:21: loader.loads[0].clusters[0].password: "
        + "the config item of bkt/logs/app gets no connectPassword for db.example.com: Sluice writes config items"
        + " without a KMS key, so a Lambda loader could not load this prefix (Sluice's own loader uses this"
        + " password); `sluice loader setup --kms-key` writes it encrypted");
  }

  @Test
  void anOutputNoRecordCanReachIsAWarningNamingTheOutputThatTakesItsTags() throws Exception {
    Path file = Files.writeString(dir.resolve("shadowed.yaml"), """
        outputs:
          - {name: everything, type: local, directory: /tmp/all}
          - {name: audit, type: local, directory: /tmp/audit, match: "audit.**"}
        """);

    CliRun run = check(Map.of(), file);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK: " + file + System.lineSeparator());
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("warning: " + file + ":3:62: outputs[1].match: no record reaches output \"audit\"")
        .contains("set continue: true on \"everything\"");
  }

  @Test
  void aPasswordFromTheConfigItemOrAnUnsharedTrackerIsNoWarning() throws Exception {
    Path fromItem = Files.writeString(dir.resolve("from-item.yaml"), LOADER.formatted("embedded", ""));
    Path unshared = Files.writeString(dir.resolve("unshared.yaml"), LOADER.formatted("\"off\"", "password: ${PW}"));

    CliRun itemRun = check(Map.of(), fromItem);
    CliRun unsharedRun = check(Map.of("PW", "secret"), unshared);

    assertThat(itemRun.err()).isEmpty();
    assertThat(itemRun.exitCode()).isZero();
    assertThat(unsharedRun.err()).isEmpty();
    assertThat(unsharedRun.exitCode()).isZero();
  }

  /** A standalone loader's file: the tracker mode, and a line for the cluster's password. */
  private static final String LOADER = """
      tracker:
        mode: %s
      loader:
        loads:
          - s3_prefix: bkt/logs/app
            manifest: {bucket: manifests}
            copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/copy"}
            clusters:
              - endpoint: db.example.com
                user: loader
                %s
                target_table: public.app
      """;

  @Test
  void aGzipOutputUnderALoadWithoutGzipIsAnErrorAtThatLoad() throws Exception {
    Path file = Files.writeString(dir.resolve("gzip.yaml"), """
        outputs:
          - name: app
            bucket: bkt
            format: {compression: gzip}
        loader:
          loads:
            - s3_prefix: bkt/logs/app
              manifest: {bucket: manifests}
              clusters:
                - endpoint: db.example.com
                  user: loader
                  target_table: public.app
        """);

    CliRun run = check(Map.of(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith(file + ":7:7: loader.loads[0].compression: "
        + "outputs[0] (\"app\") writes gzip files under bkt/logs/app, which COPY reads only with GZIP");
  }

  @Test
  void everyProblemIsPrintedOnItsOwnLineWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("three-mistakes.yaml"), """
        buffer:
          max_bytes: lots
        outputs:
          - name: main
            bucket: Not_A_Bucket
            roll:
              age: soon
        """);

    CliRun run = check(Map.of(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(3);
    assertThat(run.errLines().get(0)).startsWith(file + ":2:14: buffer.max_bytes: ");
    assertThat(run.errLines().get(1)).startsWith(file + ":5:13: outputs[0].bucket: ");
    assertThat(run.errLines().get(2)).startsWith(file + ":7:12: outputs[0].roll.age: ");
  }

  @Test
  void aMissingSecretVariableIsReportedByName() {
    Map<String, String> withoutPassword = new HashMap<>(ExampleConfig.SECRETS);
    withoutPassword.remove("SLUICE_REDSHIFT_PASSWORD");

    CliRun run = check(withoutPassword, ExampleConfig.FILE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("environment variable SLUICE_REDSHIFT_PASSWORD is not set");
  }

  @Test
  void aFileThatDoesNotExistIsAConfigError() {
    Path missing = dir.resolve("missing.yaml");

    CliRun run = check(Map.of(), missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(missing + ": no such file");
  }
}
