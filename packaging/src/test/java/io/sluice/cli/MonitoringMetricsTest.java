package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.agent.daemon.Agent;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The shipped Grafana dashboard and Prometheus alert rules ({@code src/dist/monitoring}) ask only for metrics an
 * agent exports: an agent with both inputs, an S3 output, the embedded tracker and a loader takes records over
 * forward and HTTP until a batch loads, then every {@code sluice_*}, {@code jvm_*} and {@code process_*} name in the
 * two files must be a family or a series of its {@code /metrics}.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class MonitoringMetricsTest {

  private static final Path MONITORING = Path.of("src/dist/monitoring");
  /** Metric names as PromQL writes them; the word boundary keeps {@code reprocess_...} out. */
  private static final Pattern USED = Pattern.compile("\\b((?:sluice|jvm|process)_[a-z0-9_]*[a-z0-9])\\b");
  /** A family in the exposition: its TYPE line. */
  private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$");
  /** A series in the exposition: its name, before its labels or value. */
  private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  /** What the text format appends to a family's name for its series. */
  private static final List<String> SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum", "_info");

  @TempDir
  Path dir;

  @Test
  void everyMetricTheDashboardAndTheAlertRulesUseIsExportedByARunningAgent(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    String exposition;
    try (Agent agent = new Agent(loadingAgent(dynamo, s3, redshift))) {
      agent.start();
      sendForward(agent.forwardPort().orElseThrow(), 1);
      sendHttp(agent.httpPort().orElseThrow(), 2);
      int admin = agent.adminPort().orElseThrow();
      // One file per tag, one batch per file: both records loaded.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> batchesLoaded(scrape(admin)) >= 2);
      exposition = scrape(admin);
    }

    Set<String> exported = exported(exposition);
    Set<String> used = used(dashboardExpressions(), Files.readString(MONITORING.resolve("prometheus-alerts.yaml")));
    assertThat(used).as("metric names the monitoring files use").hasSizeGreaterThan(30);
    List<String> missing = new ArrayList<>();
    for (String name : used) {
      if (!isExported(name, exported)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("used by the dashboard or the alert rules but not exported").isEmpty();
  }

  @Test
  void theDashboardIsAGrafanaDashboardWithADatasourceAndAnInstanceVariable() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());

    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(variable -> variables.add(
        variable.path("name").asText() + ":" + variable.path("type").asText()));
    assertThat(variables).contains("datasource:datasource", "instance:query");
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    assertThat(panels).filteredOn(panel -> panel.path("type").asText().equals("row"))
        .extracting(panel -> panel.path("title").asText())
        .containsExactly("Agent", "Ingest", "Buffer", "Outputs", "Tracker", "Loader", "JVM");
  }

  @Test
  void everyAlertWaitsASetTimeAndSaysHowBadItIsWhatHappenedAndWhatToDo() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory())
        .readTree(MONITORING.resolve("prometheus-alerts.yaml").toFile());
    List<JsonNode> alerts = new ArrayList<>();
    rules.path("groups").forEach(group -> group.path("rules").forEach(alerts::add));

    assertThat(alerts).hasSizeGreaterThan(15).allSatisfy(alert -> {
      String name = alert.path("alert").asText();
      assertThat(name).as("an alert's name").startsWith("Sluice");
      assertThat(alert.path("for").asText()).as("for: of %s", name).matches("\\d+[smh]");
      assertThat(alert.path("labels").path("severity").asText()).as("severity of %s", name)
          .isIn("critical", "warning", "info");
      assertThat(alert.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as("description of %s", name)
          .hasSizeGreaterThan(80);
    });
  }

  @Test
  void promtoolAcceptsTheAlertRulesAndTheOptionalRuleCommentedOutInThem() throws Exception {
    Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus)");
    Path rules = MONITORING.resolve("prometheus-alerts.yaml");
    String text = Files.readString(rules);
    int optional = text.indexOf("  # - name: sluice-traffic");
    assertThat(optional).as("the optional group, commented out").isPositive();
    Path uncommented = Files.writeString(dir.resolve("with-optional.yaml"), text.substring(0, optional)
        + text.substring(optional).replaceAll("(?m)^  # ?", "  "));

    for (Path file : List.of(rules, uncommented)) {
      Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString())
          .redirectErrorStream(true).start();
      String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor()).as(output).isZero();
    }
  }

  @Test
  void promtoolParsesEveryExpressionOfTheDashboard() throws Exception {
    Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus)");
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<JsonNode> expressions = dashboard.findValues("expr");
    for (int i = 0; i < expressions.size(); i++) {
      // Grafana's variables, as Grafana would substitute them.
      String expr = expressions.get(i).asText().replace("$__rate_interval", "5m").replace("$instance", ".*");
      rules.append("      - record: dashboard:expression_").append(i).append("\n        expr: '")
          .append(expr.replace("'", "''")).append("'\n");
    }
    Path file = Files.writeString(dir.resolve("dashboard-expressions.yaml"), rules);

    Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString())
        .redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor()).as(output).isZero();
    assertThat(output).contains("SUCCESS: " + expressions.size() + " rules found");
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }

  private SluiceConfig loadingAgent(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    String id = "mon" + ProcessHandle.current().pid();
    String bucket = id + "-logs";
    String table = "public." + id + "_events";
    s3.createBucket(bucket);
    s3.createBucket(id + "-manifests");
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("create table " + table + " (n int, tag varchar(64))");
      statement.execute("grant all on " + table + " to " + redshift.user());
    }
    String yaml = """
        agent: {id: monitored, drain_timeout: 20s}
        inputs:
          forward: {enabled: true, bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {bind: 127.0.0.1, port: 0}
        buffer: {directory: %s}
        %s
        %s
        loader:
          scan_interval: 250ms
        %s
          loads:
            - s3_prefix: %s/logs
              data_format: json
              batch: {size: 1, timeout: 1s}
              manifest: {bucket: %s-manifests, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
        %s
                  column_list: n, tag
        admin: {enabled: true, bind: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("buffer"), StandInYaml.s3Output(s3, s3.endpoint(), bucket, "1MiB", "1s"),
        StandInYaml.tracker(dynamo, id), StandInYaml.loaderS3(s3), bucket, id,
        StandInYaml.cluster(redshift, redshift.jdbcUrl(), table));
    return new ConfigLoader(StandInYaml.secrets(dynamo, s3, redshift)).parse("monitored.yaml", yaml, dir);
  }

  /** One Message-mode frame asking for an ack; returns once the ack says the record is in the buffer. */
  private static void sendForward(int port, int n) throws IOException {
    byte[] frame;
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packArrayHeader(4).packString("app.forward").packLong(System.currentTimeMillis() / 1000)
          .packMapHeader(1).packString("n").packInt(n)
          .packMapHeader(1).packString("chunk").packString("c" + n);
      frame = packer.toByteArray();
    }
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(frame);
      InputStream in = socket.getInputStream();
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in)) {
        assertThat(unpacker.unpackValue().toString()).isEqualTo("{\"ack\":\"c" + n + "\"}");
      }
    }
  }

  private static void sendHttp(int port, int n) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app.http"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}"))
        .build();
    assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
  }

  private static String scrape(int adminPort) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
        .timeout(Duration.ofSeconds(10))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double batchesLoaded(String exposition) {
    Matcher matcher = Pattern.compile("(?m)^sluice_loader_batches_total\\{[^}]*result=\"complete\"[^}]*} (\\S+)$")
        .matcher(exposition);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  /** The family names (TYPE lines) and the series names of an exposition. */
  private static Set<String> exported(String exposition) {
    Set<String> names = new TreeSet<>();
    for (Pattern pattern : List.of(FAMILY, SERIES)) {
      Matcher matcher = pattern.matcher(exposition);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /** A name is exported as it is, or as the family a series suffix belongs to. */
  private static boolean isExported(String name, Set<String> exported) {
    if (exported.contains(name)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix) && exported.contains(name.substring(0, name.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  /** Every panel's and variable's query text in the dashboard. */
  private static String dashboardExpressions() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    StringBuilder text = new StringBuilder();
    dashboard.findValues("expr").forEach(expr -> text.append(expr.asText()).append('\n'));
    dashboard.findValues("query").forEach(query -> text.append(query.toString()).append('\n'));
    dashboard.findValues("definition").forEach(query -> text.append(query.asText()).append('\n'));
    return text.toString();
  }

  private static Set<String> used(String... texts) {
    Set<String> names = new TreeSet<>();
    for (String text : texts) {
      Matcher matcher = USED.matcher(text);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }
}
