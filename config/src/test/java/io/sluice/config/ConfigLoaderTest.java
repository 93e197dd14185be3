package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String MINIMAL = """
      outputs:
        - name: main
          bucket: my-logs
      """;

  private final ConfigLoader loader = new ConfigLoader(Map.of("DB_PASSWORD", "s3cret", "BUCKET", "env-bucket"));

  private SluiceConfig parse(String yaml) throws ConfigException {
    return loader.parse("test.yaml", yaml, Path.of("."));
  }

  private List<ConfigProblem> problemsOf(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void embeddedDefaultIsValidAndNeedsNoAws() {
    SluiceConfig config = ConfigLoader.embeddedDefault();

    assertThat(config.inputs().forward().bind()).isEqualTo("127.0.0.1");
    assertThat(config.inputs().forward().port()).isEqualTo(24224);
    assertThat(config.inputs().http().port()).isEqualTo(9880);
    assertThat(config.buffer().directory()).isEqualTo(Path.of("./sluice-data/buffer"));
    assertThat(config.outputs()).singleElement().satisfies(output -> {
      assertThat(output.type()).isEqualTo(OutputType.LOCAL);
      assertThat(output.directory()).isEqualTo(Path.of("./sluice-data/files"));
    });
    assertThat(config.tracker().mode()).isEqualTo(TrackerMode.OFF);
  }

  @Test
  void absentSectionsTakeTheirDefaults() throws ConfigException {
    SluiceConfig config = parse(MINIMAL);

    assertThat(config.inputs().forward().maxFrameSize()).isEqualTo(ByteSize.ofMebibytes(64));
    assertThat(config.buffer().fsync()).isEqualTo(FsyncPolicy.NEVER);
    assertThat(config.outputs().get(0).roll().age()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.tracker().tables().batches()).isEqualTo("LambdaRedshiftBatches");
    assertThat(config.loader().outageRetry()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void reportsEveryProblemAtOnceWithLineColumnAndPath() {
    List<ConfigProblem> problems = problemsOf("""
        inputs:
          forward:
            prot: 24224
        buffer:
          fsync: sometimes
        outputs:
          - name: main
            bucket: my-logs
          - name: second
            bucket: my-logs
            roll:
              size: big
        """);

    assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
        "test.yaml:3:5: inputs.forward.prot: unknown key \"prot\"; did you mean \"port\"?",
        "test.yaml:5:10: buffer.fsync: expected one of never, interval, always, got \"sometimes\"",
        "test.yaml:12:13: outputs[1].roll.size: expected a size such as 64MiB, 10MB or 4096, got \"big\"");
  }

  @Test
  void wrongTypeSaysWhatWasExpected() {
    assertThat(problemsOf("""
        inputs:
          http:
            port: [1, 2]
        """ + MINIMAL)).extracting(ConfigProblem::message)
        .containsExactly("expected a whole number, got a list");
  }

  @Test
  void mappingGivenWhereListExpectedIsReported() {
    assertThat(problemsOf("outputs: {name: main}\n")).extracting(ConfigProblem::path, ConfigProblem::message)
        .contains(org.assertj.core.groups.Tuple.tuple("outputs", "expected a list, got a mapping"));
  }

  @Test
  void missingRequiredFieldPointsAtItsParent() {
    assertThat(problemsOf("""
        outputs:
          - name: main
        """)).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:2:5: outputs[0].bucket: missing required field");
  }

  @Test
  void portOutOfRangeIsReported() {
    assertThat(problemsOf("admin:\n  port: 70000\n" + MINIMAL)).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:2:9: admin.port: port 70000 is out of range (1-65535, or 0 for any free port)");
  }

  @Test
  void badTagPatternIsReported() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            match: "app.{a,b"
        """)).extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("outputs[0].match",
            "pattern \"app.{a,b\" has a '{' without its '}'"));
  }

  @Test
  void duplicateKeyIsASyntaxProblem() {
    assertThat(problemsOf("admin:\n  port: 1\n  port: 2\n")).singleElement()
        .satisfies(problem -> {
          assertThat(problem.line()).isEqualTo(3);
          assertThat(problem.message()).contains("Duplicate field 'port'");
        });
  }

  @Test
  void receiptsTableThatIsNotATableNameIsAProblem() {
    assertThat(problemsOf("outputs: [{name: a, type: local, directory: /tmp/x}]\n"
        + "loader: {receipts_table: \"r; drop table t\"}\n")).singleElement().satisfies(problem -> {
          assertThat(problem.path()).isEqualTo("loader.receipts_table");
          assertThat(problem.line()).isEqualTo(2);
        });
  }

  @Test
  void yamlSyntaxErrorHasALocation() {
    assertThat(problemsOf("outputs:\n  - name: [unclosed\n")).singleElement()
        .satisfies(problem -> assertThat(problem.line()).isPositive());
  }

  @Test
  void aBadIndentationIsReportedWhereTheParserFoundIt() {
    assertThat(problemsOf("agent:\n  id: a\n    drain_timeout: 5s\n")).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:3:18: mapping values are not allowed here");
  }

  @Test
  void anUnclosedQuoteIsReportedAtTheEndOfTheFileWithWhereTheQuoteOpened() {
    assertThat(problemsOf("agent:\n  id: \"abc\nbuffer:\n  directory: /x\n")).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:5:1: found unexpected end of stream (while scanning a quoted scalar at 2:7)");
  }

  @Test
  void aTabIndentationIsReportedOnItsLine() {
    assertThat(problemsOf("agent:\n\tid: a\n")).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:2:1: found character '\\t(TAB)' that cannot start any token. (Do not use"
            + " \\t(TAB) for indentation) (while scanning for the next token)");
  }

  @Test
  void aSequenceEntryIndentedWrongIsReportedAtTheStrayKey() {
    assertThat(problemsOf("outputs:\n  - name: a\n   type: local\n")).extracting(ConfigProblem::toString)
        .containsExactly("test.yaml:3:4: expected <block end>, but found '<block mapping start>' (while parsing a"
            + " block collection at 2:3)");
  }

  @Test
  void environmentReferencesAreSubstituted() throws ConfigException {
    SluiceConfig config = parse("""
        outputs:
          - name: main
            bucket: ${BUCKET}
            prefix: ${PREFIX:-fallback}/x
        """);

    assertThat(config.outputs().get(0).bucket()).isEqualTo("env-bucket");
    assertThat(config.outputs().get(0).prefix()).isEqualTo("fallback/x");
  }

  @Test
  void doubledDollarIsALiteralReference() throws ConfigException {
    SluiceConfig config = parse("inputs:\n  http:\n    time_key: $${not_a_var}\n" + MINIMAL);

    assertThat(config.inputs().http().timeKey()).isEqualTo("${not_a_var}");
  }

  @Test
  void unsetVariableWithoutDefaultIsReported() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: ${NOPE}
        """)).extracting(ConfigProblem::toString).contains(
        "test.yaml:3:13: outputs[0].bucket: environment variable NOPE is not set (export it, e.g. in sluice.env;"
            + " for a value that is not a secret, ${NOPE:-default} gives a default)");
  }

  @Test
  void aSecretWithADefaultIsRefusedSinceTheDefaultIsWrittenInTheFile() {
    List<ConfigProblem> problems = problemsOf("inputs:\n  http:\n    bearer_token: ${PW:-hunter2}\n" + MINIMAL);

    assertThat(problems).extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("inputs.http.bearer_token",
            "a secret cannot have a ${VAR:-default}: the default would be written in the config; use ${VAR} alone"
                + " (set in sluice.env) or a file (file:/path)"));
    assertThat(problems.toString()).doesNotContain("hunter2");
  }

  @Test
  void anUnquotedOffWhereAWordIsExpectedSaysToQuoteIt() {
    assertThat(problemsOf("tracker:\n  mode: off\n" + MINIMAL)).extracting(ConfigProblem::message)
        .anySatisfy(message -> assertThat(message).contains("got a boolean; YAML reads an unquoted on, off, yes or no"
            + " as a boolean: quote the word, e.g. \"off\""));
  }

  @Test
  void theAdminEndpointCannotShareAPortWithAnInput() {
    assertThat(problemsOf("admin:\n  port: 9880\n" + MINIMAL)).extracting(ConfigProblem::path,
        ConfigProblem::message).contains(org.assertj.core.groups.Tuple.tuple("admin.port",
            "the admin endpoint cannot share port 9880 with the HTTP input"));
  }

  @Test
  void theAdminEndpointMayShareAPortNumberWithAnInputOnAnotherAddress() throws ConfigException {
    SluiceConfig config = parse("inputs:\n  forward:\n    bind: 127.0.0.1\nadmin:\n  bind: 127.0.0.2\n  port: 24224\n"
        + MINIMAL);

    assertThat(config.admin().port()).isEqualTo(24224);
  }

  @Test
  void secretFromEnvironmentIsAccepted() throws ConfigException {
    SluiceConfig config = parse("inputs:\n  http:\n    bearer_token: ${DB_PASSWORD}\n" + MINIMAL);

    assertThat(config.inputs().http().bearerToken().reveal()).isEqualTo("s3cret");
  }

  @Test
  void secretFromFileIsReadAndTrimmed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "from-file\n");
    Path file = dir.resolve("sluice.yaml");
    Files.writeString(file, "inputs:\n  http:\n    bearer_token: file:token\n" + MINIMAL);

    SluiceConfig config = loader.read(file);

    assertThat(config.inputs().http().bearerToken().reveal()).isEqualTo("from-file");
  }

  @Test
  void literalSecretInTheFileIsRefused() {
    assertThat(problemsOf("inputs:\n  http:\n    bearer_token: hunter2\n" + MINIMAL))
        .extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("inputs.http.bearer_token",
            "secrets must come from the environment (${ENV_VAR}) or a file (file:/path), not be written in the"
                + " config"));
  }

  @Test
  void problemsNeverEchoASecretValue() {
    List<ConfigProblem> problems = problemsOf("inputs:\n  http:\n    bearer_token: hunter2\n" + MINIMAL);

    assertThat(problems.toString()).doesNotContain("hunter2");
  }

  @Test
  void printedConfigRedactsSecrets() throws ConfigException {
    SluiceConfig config = parse("inputs:\n  http:\n    bearer_token: ${DB_PASSWORD}\n" + MINIMAL);

    String printed = ConfigPrinter.toYaml(config);

    assertThat(printed).doesNotContain("s3cret").contains("bearer_token: <redacted>");
  }

  @Test
  void printedConfigReadsBackToTheSameConfig() throws ConfigException {
    SluiceConfig config = ConfigLoader.embeddedDefault();

    SluiceConfig reread = parse(ConfigPrinter.toYaml(config));

    assertThat(reread).isEqualTo(config);
  }

  @Test
  void missingFileIsOneProblem(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.read(dir.resolve("absent.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("absent.yaml: no such file");
  }

  @Test
  void fullExampleWithEverySectionLoads() throws Exception {
    Path example = Path.of(getClass().getResource("/full-example.yaml").toURI());

    SluiceConfig config = loader.read(example);

    assertThat(config.loader().loads()).singleElement().satisfies(load -> {
      assertThat(load.clusters().get(0).password().reveal()).isEqualTo("s3cret");
      assertThat(load.manifest().failedPrefix()).isEqualTo("manifests/failed");
    });
    assertThat(config.tracker().mode()).isEqualTo(TrackerMode.EMBEDDED);
    assertThat(config.tracker().suppressWildcardExpansion()).containsExactly("logs/dt=2026-01-01");
    assertThat(config.loader().receiptsTable()).isEqualTo("analytics.sluice_load_receipts");
  }
}
