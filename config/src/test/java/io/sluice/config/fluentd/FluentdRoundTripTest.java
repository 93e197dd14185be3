package io.sluice.config.fluentd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.TagPattern;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world Fluentd configurations, imported and read back by Sluice's own ConfigLoader: the YAML is valid, the
 * same tags reach the same outputs, and keys keep the Fluentd layout (%{index} rendered as the sequence and the
 * agent id added before it, as S3KeyLayout documents).
 */
class FluentdRoundTripTest {

  private static final Map<String, String> ENVIRONMENT = Map.of("FORWARD_SHARED_KEY", "k", "S3_KEY_ID", "id",
      "S3_SECRET", "secret", "S3_BUCKET", "acme-logs", "AWS_REGION", "eu-west-1",
      "SLUICE_S3_ACCESS_KEY_ID", "id", "SLUICE_S3_SECRET_ACCESS_KEY", "secret");
  private static final ZonedDateTime TIME = ZonedDateTime.of(2026, 11, 25, 15, 11, 49, 0, ZoneOffset.UTC);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path directory;

  private JsonNode imported;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(FluentdRoundTripTest.class.getResource(name).toURI());
  }

  private SluiceConfig load(ImportResult result) throws Exception {
    imported = YAML.readTree(result.yaml());
    return new ConfigLoader(ENVIRONMENT).parse("imported.yaml", result.yaml(), directory);
  }

  /**
   * The outputs a record of {@code tag} is written to: the first whose match takes it, and the next ones while an
   * output says {@code continue: true} (read from the YAML, whatever the Java component is called).
   */
  private List<String> route(SluiceConfig config, String tag) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < config.outputs().size(); i++) {
      OutputConfig output = config.outputs().get(i);
      if (TagPattern.compile(output.match()).matches(tag)) {
        names.add(output.name());
        if (!imported.at("/outputs/" + i + "/continue").asBoolean(false)) {
          break;
        }
      }
    }
    return names;
  }

  private static String key(SluiceConfig config, String output, String tag) {
    OutputConfig found = config.outputs().stream().filter(o -> o.name().equals(output)).findFirst().orElseThrow();
    return KeyTemplate.parse(found.keyTemplate()).withFileExtension(found.format().compression().fileExtension())
        .render(new KeyTemplate.Fields(found.prefix(), tag, "agg-1", output, 7,
            TIME.withZoneSameInstant(found.slice().zoneId())));
  }

  @Test
  void fluentPluginS3OutputExampleKeepsItsHourlyTagLayout() throws Exception {
    // The README's placeholder bucket name has capitals, which S3 refuses: a real name stands in for it.
    Path example = directory.resolve("s3-output-example.conf");
    Files.writeString(example, Files.readString(resource("s3-output-example.conf"))
        .replace("YOUR_S3_BUCKET_NAME", "your-s3-bucket"));
    SluiceConfig config = load(FluentdImporter.importFile(example));

    assertThat(route(config, "pattern")).containsExactly("s3");
    // Fluentd: logs/${tag}/%Y/%m/%d/ + %Y%m%d%H_%{index}.gz, in UTC (timekey_use_utc true)
    assertThat(key(config, "s3", "pattern")).isEqualTo("logs/pattern/2026/11/25/2026112515_agg-1-0000000007.json.gz");
    assertThat(config.inputs().forward().enabled()).isFalse();
    assertThat(config.inputs().http().enabled()).isFalse();
  }

  @Test
  void fluentPluginS3KeyFormatExampleKeepsItsTsDirectories() throws Exception {
    SluiceConfig config = load(FluentdImporter.importFile(resource("s3-key-format-example.conf")));

    // Fluentd: log/events/ts=20130111-22/events_0.gz (docs/output.md); here in the slice zone, local by default.
    assertThat(key(config, "s3", "app.web")).matches("log/events/ts=\\d{8}-\\d{2}/events_agg-1-0000000007\\.json\\.gz");
  }

  @Test
  void tdAgentDefaultConfigKeepsItsPortsAndHasNoOutputSluiceCanWrite() throws Exception {
    ImportResult result = FluentdImporter.importFile(resource("td-agent.conf"));

    assertThat(result.leftOut()).extracting(ImportNote::subject).containsExactly("<source> @type debug_agent",
        "<match td.*.*> @type tdlog", "<match debug.**> @type stdout");
    try {
      load(result);
    } catch (ConfigException e) {
      // tdlog and stdout have no Sluice output, so nothing is left to write to: the only problem.
      assertThat(e.problems()).extracting(problem -> problem.path()).containsExactly("outputs");
    }
  }

  @Test
  void aggregatorRoutesTheSameTagsToTheSameOutputsAndKeys() throws Exception {
    Path copy = Files.createDirectories(directory.resolve("td-agent"));
    Files.createDirectories(copy.resolve("conf.d"));
    Path tls = Files.createDirectories(directory.resolve("tls"));
    Files.writeString(tls.resolve("server.crt"), "cert");
    Files.writeString(tls.resolve("server.key"), "key");
    for (String name : List.of("td-agent.conf", "conf.d/10-inputs.conf", "conf.d/20-app.conf")) {
      String text = Files.readString(resource("aggregator/" + name));
      Files.writeString(copy.resolve(name), text.replace("/etc/td-agent/tls/", tls + "/"));
    }
    ImportResult result = FluentdImporter.importFile(copy.resolve("td-agent.conf"));
    SluiceConfig config = load(result);

    assertThat(route(config, "app.access")).containsExactly("app", "archive");
    assertThat(route(config, "app.debug")).containsExactly("catch_all");
    assertThat(route(config, "batch.nightly")).containsExactly("batch");
    assertThat(route(config, "system.cron")).containsExactly("catch_all");
    assertThat(key(config, "app", "app.access"))
        .isEqualTo("logs/app.access/2026/11/25/15/2026112515_agg-1-0000000007.json.gz");
    assertThat(key(config, "batch", "batch.nightly"))
        .isEqualTo("batch/batch.nightly/2026/11/25/2026112515_agg-1-0000000007.json");
    assertThat(config.inputs().forward().security().sharedKey()).isNotNull();
    assertThat(config.inputs().forward().tls().enabled()).isTrue();
    assertThat(config.inputs().http().allowedOrigins()).hasSize(2);
    assertThat(result.leftOut()).extracting(ImportNote::subject)
        .containsExactly("<filter app.**> @type record_transformer", "<match debug.**> @type null");
  }

  @Test
  void theSampleConfigurationsParse() throws IOException, FluentdSyntaxException, URISyntaxException {
    for (String name : List.of("s3-output-example.conf", "s3-key-format-example.conf", "s3-inject-example.conf",
        "td-agent.conf", "aggregator/td-agent.conf")) {
      assertThat(FluentdImporter.importFile(resource(name)).yaml()).startsWith("# Imported from");
    }
  }
}
