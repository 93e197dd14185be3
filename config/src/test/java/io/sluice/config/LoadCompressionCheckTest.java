package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A load's {@code compression} must say what the outputs write under its prefix: the Lambda loader appends its config
 * item's {@code compression} to COPY (aws-lambda-redshift-loader 2.8.3 {@code index.js}, contract 3.2), and one COPY
 * reads every file of a batch with it.
 */
class LoadCompressionCheckTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of("PG_PASSWORD", "pw"));

  private SluiceConfig parse(String yaml) throws ConfigException {
    return loader.parse("test.yaml", yaml, Path.of("."));
  }

  private List<ConfigProblem> problemsOf(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  private static String output(String name, String prefix, String compression) {
    return """
          - name: %s
            bucket: my-logs
            prefix: %s
            format: {compression: %s}
        """.formatted(name, prefix, compression);
  }

  private static String load(String s3Prefix, String compression) {
    return """
            - s3_prefix: %s
              manifest: {bucket: my-manifests, prefix: manifests}
              %s
              clusters:
                - endpoint: analytics.abc123.eu-west-1.redshift.amazonaws.com
                  database: analytics
                  user: loader
                  password: ${PG_PASSWORD}
                  target_table: public.events
        """.formatted(s3Prefix, compression == null ? "" : "compression: " + compression);
  }

  private static String config(String outputs, String... loads) {
    return "outputs:\n" + outputs + "loader:\n  loads:\n" + String.join("", loads);
  }

  @Test
  void aGzipOutputUnderALoadWithoutCompressionIsAProblemOfThatLoad() {
    List<ConfigProblem> problems = problemsOf(config(output("app", "logs", "gzip"),
        load("my-logs/logs/app.access", null)));

    assertThat(problems).singleElement().satisfies(problem -> {
      assertThat(problem.path()).isEqualTo("loader.loads[0].compression");
      assertThat(problem.toString()).contains("outputs[0] (\"app\") writes gzip files under my-logs/logs/app.access")
          .contains("set compression: GZIP");
    });
  }

  @Test
  void aGzipOutputUnderAGzipLoadIsAccepted() throws ConfigException {
    SluiceConfig config = parse(config(output("app", "logs", "gzip"), load("my-logs/logs/app.access", "GZIP")));

    assertThat(config.loader().loads().get(0).compression()).isEqualTo("GZIP");
  }

  @Test
  void aPlainOutputUnderAGzipLoadIsAProblem() {
    assertThat(problemsOf(config(output("app", "logs", "none"), load("my-logs/logs", "GZIP")))).singleElement()
        .satisfies(problem -> {
          assertThat(problem.path()).isEqualTo("loader.loads[0].compression");
          assertThat(problem.toString()).contains("writes plain JSON lines under my-logs/logs")
              .contains("outputs[0].format.compression: gzip");
        });
  }

  @Test
  void aBucketWideLoadTakesEveryOutputOfItsBucket() {
    assertThat(problemsOf(config(output("app", "logs", "gzip"), load("my-logs", null)))).singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("loader.loads[0].compression"));
  }

  @Test
  void loadsOfOtherPrefixesAndBucketsAreNotCompared() throws ConfigException {
    SluiceConfig config = parse(config(output("app", "logs-gz", "gzip"), load("my-logs/logs/app.access", null),
        load("other-bucket/logs-gz", null)));

    assertThat(config.loader().loads()).hasSize(2);
  }

  @Test
  void aMoreSpecificLoadThatTakesEveryKeyOfAnOutputLeavesItsParentToTheOthers() throws ConfigException {
    SluiceConfig config = parse(config(output("plain", "logs/plain", "none") + output("packed", "logs/gz", "gzip"),
        load("my-logs/logs", null), load("my-logs/logs/gz", "GZIP")));

    assertThat(config.loader().loads()).hasSize(2);
  }

  @Test
  void aLoadOfOneTagIsComparedWithTheOutputWhoseTemplateCanWriteThatTag() {
    List<ConfigProblem> problems = problemsOf(config(output("plain", "logs", "none"),
        load("my-logs/logs/app.access", "GZIP"), load("my-logs/logs/app.error", null)));

    assertThat(problems).singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("loader.loads[0].compression"));
  }
}
