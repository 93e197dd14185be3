package io.sluice.config.fluentd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping, read back from the YAML as a tree (the keys Sluice binds are checked in FluentdRoundTripTest). */
class FluentdImporterTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path directory;

  private ImportResult importText(String text) throws Exception {
    return FluentdImporter.map(FluentdParser.parse("td-agent.conf", directory, text), "td-agent.conf");
  }

  private static JsonNode tree(ImportResult result) throws Exception {
    return YAML.readTree(result.yaml());
  }

  private static final String S3 = "<match app.**>\n  @type s3\n  s3_bucket acme-logs\n</match>\n";

  @Test
  void inputsTheFluentdFileDoesNotDeclareAreDisabled() throws Exception {
    JsonNode yaml = tree(importText("<source>\n  @type forward\n</source>\n" + S3));

    assertThat(yaml.at("/inputs/forward/enabled").asBoolean()).isTrue();
    assertThat(yaml.at("/inputs/forward/port").asInt()).isEqualTo(24224);
    assertThat(yaml.at("/inputs/http/enabled").asBoolean()).isFalse();
  }

  @Test
  void s3OutputTakesFluentPluginS3DefaultsWhereTheFileSaysNothing() throws Exception {
    // out_s3.rb: store_as defaults to gzip, s3_region to ENV["AWS_REGION"] || "us-east-1", the buffer's timekey to
    // one day (time slice %Y%m%d) in local time, the format to out_file (time, tag, record).
    JsonNode output = tree(importText(S3)).at("/outputs/0");

    assertThat(output.at("/match").asText()).isEqualTo("app.**");
    assertThat(output.at("/bucket").asText()).isEqualTo("acme-logs");
    assertThat(output.at("/region").asText()).isEqualTo("${AWS_REGION:-us-east-1}");
    assertThat(output.at("/format/compression").asText()).isEqualTo("gzip");
    assertThat(output.at("/slice/zone").asText()).isEqualTo("local");
    assertThat(output.at("/prefix").asText()).isEmpty();
    assertThat(output.at("/key_template").asText())
        .isEqualTo("%{prefix}/%Y%m%d_%{hostname}-%{sequence}.%{file_extension}");
    assertThat(output.at("/format/tag_key").asText()).isEqualTo("tag");
    assertThat(output.at("/format/time_key").asText()).isEqualTo("time");
    assertThat(output.at("/roll/age").asText()).isEqualTo("24h10m");
  }

  @Test
  void jsonFormatWritesTheRecordAloneUnlessInjectAddsTagAndTime() throws Exception {
    JsonNode alone = tree(importText("<match a.**>\n  @type s3\n  s3_bucket acme-logs\n  store_as json\n"
        + "  <format>\n    @type json\n  </format>\n</match>\n")).at("/outputs/0/format");
    JsonNode injected = tree(importText("<match a.**>\n  @type s3\n  s3_bucket acme-logs\n"
        + "  <format>\n    @type json\n  </format>\n  <inject>\n    time_key log_time\n  </inject>\n</match>\n"))
        .at("/outputs/0/format");

    assertThat(alone.at("/tag_key").asText()).isEmpty();
    assertThat(alone.at("/time_key").asText()).isEmpty();
    assertThat(alone.at("/compression").asText()).isEqualTo("none");
    assertThat(injected.at("/tag_key").asText()).isEmpty();
    assertThat(injected.at("/time_key").asText()).isEqualTo("log_time");
  }

  @Test
  void utcTimekeysAndHourlyPathsBecomeUtcSlicesWithTheSameLayout() throws Exception {
    JsonNode output = tree(importText("<match a.**>\n  @type s3\n  s3_bucket acme-logs\n"
        + "  path logs/${tag}/%Y/%m/%d/\n  <buffer tag,time>\n    timekey 3600\n    timekey_wait 10m\n"
        + "    timekey_use_utc true\n    chunk_limit_size 256m\n  </buffer>\n</match>\n")).at("/outputs/0");

    assertThat(output.at("/prefix").asText()).isEqualTo("logs");
    assertThat(output.at("/key_template").asText())
        .isEqualTo("%{prefix}/%{tag}/%Y/%m/%d/%Y%m%d%H_%{hostname}-%{sequence}.%{file_extension}");
    assertThat(output.at("/slice/zone").asText()).isEqualTo("UTC");
    assertThat(output.at("/roll/size").asText()).isEqualTo("256MiB");
    assertThat(output.at("/roll/age").asText()).isEqualTo("1h10m");
  }

  @Test
  void copyBecomesOneOutputPerStoreThatGoOnToTheNextExceptTheLast() throws Exception {
    ImportResult result = importText("<match a.**>\n  @type copy\n  <store>\n    @type s3\n    s3_bucket one-bucket\n"
        + "  </store>\n  <store>\n    @type stdout\n  </store>\n  <store>\n    @type s3\n    s3_bucket two-bucket\n"
        + "  </store>\n</match>\n");
    JsonNode outputs = tree(result).at("/outputs");

    assertThat(outputs).hasSize(2);
    assertThat(outputs.get(0).at("/continue").asBoolean()).isTrue();
    assertThat(outputs.get(1).has("continue")).isFalse();
    assertThat(result.leftOut()).extracting(ImportNote::subject).containsExactly("<match a.**> <store> @type stdout");
  }

  @Test
  void secretsComeFromTheEnvironmentAndAreNeverCopied() throws Exception {
    ImportResult result = importText("<source>\n  @type forward\n  <security>\n    self_hostname agg\n"
        + "    shared_key s3cr3t-literal\n  </security>\n</source>\n<match **>\n  @type s3\n  @id main\n"
        + "  s3_bucket acme-logs\n  aws_key_id AKIAEXAMPLE\n  aws_sec_key \"#{ENV['S3_SECRET']}\"\n</match>\n");
    JsonNode yaml = tree(result);

    assertThat(result.yaml()).doesNotContain("s3cr3t-literal").doesNotContain("AKIAEXAMPLE");
    assertThat(yaml.at("/inputs/forward/security/shared_key").asText()).isEqualTo("${SLUICE_FORWARD_SHARED_KEY}");
    assertThat(yaml.at("/outputs/0/credentials/access_key_id").asText()).isEqualTo("${SLUICE_MAIN_ACCESS_KEY_ID}");
    assertThat(yaml.at("/outputs/0/credentials/secret_access_key").asText()).isEqualTo("${S3_SECRET}");
    assertThat(result.notes()).extracting(ImportNote::message)
        .anyMatch(message -> message.contains("SLUICE_FORWARD_SHARED_KEY"));
    assertThat(result.complete()).isTrue();
  }

  @Test
  void httpSourceMapsItsParametersAndTimeKey() throws Exception {
    JsonNode http = tree(importText("<source>\n  @type http\n  port 8888\n  body_size_limit 8m\n"
        + "  cors_allow_origins [\"https://a.example\"]\n  add_http_headers true\n  use_204_response true\n"
        + "  <parse>\n    time_key ts\n"
        + "    keep_time_key true\n  </parse>\n</source>\n" + S3)).at("/inputs/http");

    assertThat(http.at("/port").asInt()).isEqualTo(8888);
    assertThat(http.at("/body_limit").asText()).isEqualTo("8MiB");
    assertThat(http.at("/allowed_origins/0").asText()).isEqualTo("https://a.example");
    assertThat(http.at("/add_http_headers").asBoolean()).isTrue();
    assertThat(http.at("/use_204_response").asBoolean()).isTrue();
    assertThat(http.at("/time_key").asText()).isEqualTo("ts");
    assertThat(http.at("/keep_time_key").asBoolean()).isTrue();
  }

  @Test
  void whatHasNoEquivalentIsCommentedAtItsPlaceAndListed() throws Exception {
    ImportResult result = importText("<filter app.**>\n  @type grep\n</filter>\n<match debug.**>\n  @type null\n"
        + "</match>\n" + S3.replace("s3_bucket acme-logs", "s3_bucket acme-logs\n  storage_class STANDARD_IA"));

    assertThat(result.leftOut()).extracting(ImportNote::location)
        .containsExactly("td-agent.conf:1", "td-agent.conf:4", "td-agent.conf:10");
    assertThat(result.yaml()).contains("# not imported: <filter app.**> @type grep (td-agent.conf:1)")
        .contains("# not imported: <match app.**> storage_class STANDARD_IA (td-agent.conf:10)");
    assertThat(result.complete()).isFalse();
  }

  @Test
  void onlyTheMatchesOfTheLabelTheSourcesSendToAreImported() throws Exception {
    ImportResult result = importText("<source>\n  @type forward\n  @label @MAIN\n</source>\n"
        + "<match top.**>\n  @type s3\n  s3_bucket top-bucket\n</match>\n"
        + "<label @MAIN>\n  <match **>\n    @type s3\n    s3_bucket main-bucket\n  </match>\n</label>\n");

    assertThat(tree(result).at("/outputs")).hasSize(1);
    assertThat(tree(result).at("/outputs/0/bucket").asText()).isEqualTo("main-bucket");
    assertThat(result.leftOut()).extracting(ImportNote::location).containsExactly("td-agent.conf:5");
  }

  @Test
  void aLeftOutSecretIsNamedWithoutItsValue() throws Exception {
    ImportResult result = importText(S3.replace("s3_bucket acme-logs", "s3_bucket acme-logs\n"
        + "  sse_customer_key c2VjcmV0LWtleQ=="));

    assertThat(result.leftOut()).extracting(ImportNote::subject)
        .containsExactly("<match app.**> sse_customer_key <redacted>");
    assertThat(result.yaml()).doesNotContain("c2VjcmV0LWtleQ==");
  }

  @Test
  void anIncludeThatNamesNoFileIsLeftOut() throws Exception {
    ImportResult result = importText("@include conf.d/*.conf\n" + S3);

    assertThat(result.leftOut()).extracting(ImportNote::subject).containsExactly("@include conf.d/*.conf");
  }

  @Test
  void systemLogLevelBecomesTheLoggingLevel() throws Exception {
    ImportResult result = importText("<system>\n  log_level warn\n  workers 4\n</system>\n" + S3);

    assertThat(tree(result).at("/logging/level").asText()).isEqualTo("warn");
    assertThat(result.leftOut()).extracting(ImportNote::subject).containsExactly("<system> workers 4");
  }

  @Test
  void fileOutputBecomesALocalOutputUnderItsDirectory() throws Exception {
    JsonNode output = tree(importText("<match local.**>\n  @type file\n  path /var/log/td-agent/access\n"
        + "  compress gzip\n</match>\n")).at("/outputs/0");

    assertThat(output.at("/type").asText()).isEqualTo("local");
    assertThat(output.at("/directory").asText()).isEqualTo("/var/log/td-agent");
    assertThat(output.at("/prefix").asText()).isEqualTo("access");
    assertThat(output.at("/format/compression").asText()).isEqualTo("gzip");
  }

  @Test
  void aCompressionSluiceCannotWriteIsLeftOutAndTheOutputUncompressed() throws Exception {
    ImportResult result = importText(S3.replace("s3_bucket acme-logs", "s3_bucket acme-logs\n  store_as lzo"));

    assertThat(tree(result).at("/outputs/0/format/compression").asText()).isEqualTo("none");
    assertThat(result.leftOut()).extracting(ImportNote::subject).containsExactly("store_as lzo");
  }

  @Test
  void unparsableEmbeddedRubyLeavesItsParameterOut() throws Exception {
    ImportResult result = importText(S3.replace("s3_bucket acme-logs",
        "s3_bucket acme-logs\n  path \"logs/#{Time.now.year}/\""));

    assertThat(result.leftOut()).extracting(ImportNote::message)
        .anyMatch(message -> message.contains("#{Time.now.year}"));
  }

  @Test
  void untranslatableRubyInAValueIsLeftOutAndWrittenAsItWas() throws Exception {
    ImportResult result = importText(S3.replace("s3_bucket acme-logs", "s3_bucket \"#{`hostname`}-logs\""));

    assertThat(tree(result).at("/outputs/0/bucket").asText()).isEqualTo("#{`hostname`}-logs");
    assertThat(result.leftOut()).extracting(ImportNote::subject)
        .containsExactly("<match app.**> s3_bucket #{`hostname`}-logs");
  }
}
