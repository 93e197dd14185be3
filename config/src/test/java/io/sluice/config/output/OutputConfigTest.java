package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputConfigTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private SluiceConfig parse(String yaml) throws ConfigException {
    return loader.parse("test.yaml", yaml, Path.of("."));
  }

  private List<String> problemsOf(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems().stream()
        .map(ConfigProblem::toString).toList();
  }

  @Test
  void readinessDefaultsToAStallAfterFifteenMinutesAndAOneMinuteFailureGrace() throws ConfigException {
    OutputConfig output = parse("outputs: [{name: main, bucket: my-logs}]\n").outputs().get(0);

    assertThat(output.readiness().stallAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(output.readiness().failureGrace()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void readinessTimesAreRead() throws ConfigException {
    OutputConfig output = parse("""
        outputs:
          - name: main
            bucket: my-logs
            readiness:
              stall_after: 10m
              failure_grace: 10s
        """).outputs().get(0);

    assertThat(output.readiness().stallAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(output.readiness().failureGrace()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void compressionDefaultsToNone() throws ConfigException {
    OutputConfig output = parse("outputs: [{name: main, bucket: my-logs}]\n").outputs().get(0);

    assertThat(output.format().compression()).isEqualTo(RecordFormatConfig.Compression.NONE);
  }

  @Test
  void gzipCompressionIsRead() throws ConfigException {
    OutputConfig output = parse("outputs: [{name: main, bucket: my-logs, format: {compression: gzip}}]\n")
        .outputs().get(0);

    assertThat(output.format().compression()).isEqualTo(RecordFormatConfig.Compression.GZIP);
    assertThat(output.format().compression().fileExtension()).isEqualTo("json.gz");
  }

  @Test
  void aGzipOutputWhoseTemplateHardCodesDotJsonIsRejected() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            key_template: "%{prefix}/%{tag}/%{hostname}-%{sequence}.json"
            format: {compression: gzip}
        """)).singleElement().asString().contains("outputs[0].key_template")
        .contains("format.compression is gzip, but the key template ends with \".json\"")
        .contains(".%{file_extension}");
  }

  @Test
  void aGzipOutputWhoseTemplateEndsWithAPlaceholderIsRejected() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            key_template: "%{prefix}/%{tag}/%{hostname}-%{sequence}"
            format: {compression: gzip}
        """)).singleElement().asString().contains("ends with a placeholder");
  }

  @Test
  void aPlainOutputWhoseTemplateEndsWithGzIsRejected() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            key_template: "%{prefix}/%{tag}/%{hostname}-%{sequence}.json.gz"
        """)).singleElement().asString().contains("outputs[0].key_template")
        .contains("plain JSON lines would get a gzip name");
  }

  @Test
  void aGzipOutputMayHardCodeDotJsonDotGz() throws ConfigException {
    OutputConfig output = parse("""
        outputs:
          - name: main
            bucket: my-logs
            key_template: "%{prefix}/%{tag}/%{hostname}-%{sequence}.json.gz"
            format: {compression: gzip}
        """).outputs().get(0);

    assertThat(output.keyTemplate()).endsWith(".json.gz");
  }

  @Test
  void aZeroStallAfterIsRejected() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            readiness:
              stall_after: 0s
        """)).singleElement().asString().endsWith("outputs[0].readiness.stall_after: must be positive");
  }

  @Test
  void aPrefixWithADotDotSegmentIsRejected() {
    assertThat(problemsOf("outputs: [{name: main, bucket: my-logs, prefix: logs/../x}]\n")).singleElement()
        .asString().contains("outputs[0].prefix").contains("may not have a '.' or '..' segment");
  }

  @Test
  void aPrefixLongerThanHalfAKeyIsRejected() {
    assertThat(problemsOf("outputs: [{name: main, bucket: my-logs, prefix: " + "p/".repeat(300) + "x}]\n"))
        .singleElement().asString().contains("prefix must be at most 512 bytes");
  }

  @Test
  void aStallAfterNoLongerThanRollAgeIsRejected() {
    assertThat(problemsOf("""
        outputs:
          - name: main
            bucket: my-logs
            roll: {age: 30m}
            readiness: {stall_after: 30m}
        """)).singleElement().asString().contains("outputs[0].readiness.stall_after: must be longer than roll.age");
  }

  @Test
  void theDefaultStallAfterIsTwiceALongRollAge() throws ConfigException {
    OutputConfig output = parse("outputs: [{name: main, bucket: my-logs, roll: {age: 15m}}]\n").outputs().get(0);

    assertThat(output.readiness().stallAfter()).isEqualTo(Duration.ofMinutes(30));
  }
}
