package io.sluice.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.agent.output.OutputStatus;
import io.sluice.loader.load.LoaderStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode report(Map<String, String> failing, List<OutputStatus> outputs, LoaderStatus loader)
      throws Exception {
    StatusReport report = new StatusReport(new StatusReport.Sources("agent", "aggregator-1",
        NOW.minusSeconds(3_600), () -> failing,
        () -> new StatusReport.BufferState("/var/lib/sluice/buffer", 1_024, 8_192, null), () -> outputs,
        loader == null ? null : () -> loader, CLOCK));
    return JSON.readTree(report.json());
  }

  @Test
  void aHealthyAgentIsReadyWithItsUptime() throws Exception {
    JsonNode report = report(Map.of(), List.of(), null);

    assertThat(report.path("ready").asBoolean()).isTrue();
    assertThat(report.path("id").asText()).isEqualTo("aggregator-1");
    assertThat(report.path("uptime_seconds").asDouble()).isEqualTo(3_600.0);
    assertThat(report.path("buffer").path("unshipped_bytes").asLong()).isEqualTo(1_024);
    assertThat(report.has("loader")).isFalse();
  }

  @Test
  void failingChecksAreListedWithTheirReasons() throws Exception {
    JsonNode report = report(Map.of("output:app", "no progress for 16m"), List.of(), null);

    assertThat(report.path("ready").asBoolean()).isFalse();
    assertThat(report.path("failing").path("output:app").asText()).isEqualTo("no progress for 16m");
  }

  @Test
  void anOutputShowsItsBacklogAgesAndFailure() throws Exception {
    OutputStatus stuck = new OutputStatus("app", "s3://acme-logs", 2_048, 17, NOW.minusSeconds(90), 2, 1, 3, 4,
        NOW.minusSeconds(600), NOW.minusSeconds(600), "rejected: http 403 AccessDenied", NOW.minusSeconds(300));

    JsonNode output = report(Map.of(), List.of(stuck), null).path("outputs").get(0);

    assertThat(output.path("backlog_records").asLong()).isEqualTo(17);
    assertThat(output.path("oldest_unshipped_age_seconds").asDouble()).isEqualTo(90.0);
    assertThat(output.path("files_waiting").asInt()).isEqualTo(3);
    assertThat(output.path("files_quarantined").asLong()).isEqualTo(4);
    assertThat(output.path("last_upload_age_seconds").asDouble()).isEqualTo(600.0);
    assertThat(output.path("failure").asText()).isEqualTo("rejected: http 403 AccessDenied");
    assertThat(output.path("failing_since").asText()).isEqualTo("2026-12-07T11:55:00Z");
  }

  @Test
  void anOutputThatNeverUploadedHasNullAges() throws Exception {
    OutputStatus fresh = new OutputStatus("app", "/srv/out", 0, 0, null, 0, 0, 0, 0, null, NOW, null, null);

    JsonNode output = report(Map.of(), List.of(fresh), null).path("outputs").get(0);

    assertThat(output.path("last_upload").isNull()).isTrue();
    assertThat(output.path("oldest_unshipped_age_seconds").isNull()).isTrue();
    assertThat(output.path("failure").isNull()).isTrue();
  }

  @Test
  void theLoaderShowsPrefixesAndClusterOutages() throws Exception {
    LoaderStatus loader = new LoaderStatus(NOW.minusSeconds(2),
        List.of(new LoaderStatus.PrefixStatus("acme-logs/logs/app", 1, 1, 2, NOW.minusSeconds(40))),
        List.of(new LoaderStatus.ClusterStatus("db-1:5439/dev", false, NOW.minusSeconds(120),
            "08001 connection refused", 2, NOW.plusSeconds(8))));

    JsonNode node = report(Map.of(), List.of(), loader).path("loader");

    assertThat(node.path("scanned_age_seconds").asDouble()).isEqualTo(2.0);
    assertThat(node.path("prefixes").get(0).path("locked_batches").asInt()).isEqualTo(2);
    assertThat(node.path("prefixes").get(0).path("oldest_due_age_seconds").asDouble()).isEqualTo(40.0);
    JsonNode cluster = node.path("clusters").get(0);
    assertThat(cluster.path("available").asBoolean()).isFalse();
    assertThat(cluster.path("outage_age_seconds").asDouble()).isEqualTo(120.0);
    assertThat(cluster.path("waiting_loads").asInt()).isEqualTo(2);
  }
}
