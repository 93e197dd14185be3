package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.admin.AdminEndpoints;
import io.sluice.agent.admin.AdminServer;
import io.sluice.agent.admin.MetricsScrape;
import io.sluice.agent.admin.Readiness;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  private static final String STUCK_AGENT = """
      {"role":"agent","id":"aggregator-1","now":"2026-12-07T12:00:00Z","uptime_seconds":3720.0,"ready":false,
       "failing":{"output:app":"no progress for 16m (rejected: http 403 AccessDenied)"},
       "buffer":{"directory":"/var/lib/sluice/buffer","unshipped_bytes":12897484,"max_bytes":8589934592,
                 "refusing":null},
       "outputs":[{"name":"app","target":"s3://acme-logs","backlog_bytes":12897484,"backlog_records":45120,
                   "oldest_unshipped_age_seconds":960.5,"files_open":2,"files_uploading":1,"files_waiting":3,
                   "files_quarantined":1,"last_upload_age_seconds":961.0,"failure":"rejected: http 403 AccessDenied",
                   "failing_since":"2026-12-07T11:44:00Z"}],
       "loader":{"scanned_age_seconds":1.2,
                 "prefixes":[{"s3_prefix":"acme-logs/logs/app.access","open_batches":1,"due_batches":0,
                              "locked_batches":2,"oldest_due_age_seconds":75.0}],
                 "clusters":[{"endpoint":"db-1:5439/dev","available":false,"outage_age_seconds":130.0,
                              "reason":"08001 connection refused","waiting_loads":2}]}}
      """;

  private AdminServer server;

  private String serve(String statusJson) throws Exception {
    server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), new AdminEndpoints(new Readiness(List.of()),
        new MetricsScrape(new PrometheusRegistry()), () -> statusJson), new PrometheusRegistry());
    return "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ofSeconds(1));
    }
  }

  @Test
  void aReadyAgentExitsZeroAndSaysSo() throws Exception {
    String url = serve("""
        {"role":"agent","id":"aggregator-1","uptime_seconds":42.0,"ready":true,"failing":{},"outputs":[]}""");

    CliRun run = CliRun.of("status", "--url", url);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("agent aggregator-1: ready, up 42s\n");
  }

  @Test
  void aStuckOutputShowsItsBacklogFailureAndTheFailingCheck() throws Exception {
    CliRun run = CliRun.of("status", "--url", serve(STUCK_AGENT));

    assertThat(run.exitCode()).isEqualTo(StatusCommand.NOT_READY);
    assertThat(run.out())
        .contains("agent aggregator-1: NOT READY, up 1h 2m")
        .contains("buffer /var/lib/sluice/buffer: 12.3MiB unshipped of 8.0GiB, accepting")
        .containsPattern("app +s3://acme-logs +12\\.3MiB +45120 +16m +2 +3 +1 +16m ago +failing 16m: rejected")
        .contains("output:app: no progress for 16m (rejected: http 403 AccessDenied)");
  }

  @Test
  void aClusterOutageIsShownWithTheLoadsWaitingForIt() throws Exception {
    CliRun run = CliRun.of("status", "--url", serve(STUCK_AGENT));

    assertThat(run.out())
        .containsPattern("acme-logs/logs/app\\.access +1 +0 +2 +1m")
        .containsPattern("db-1:5439/dev +OUTAGE +2 +2m +08001 connection refused");
  }

  @Test
  void jsonPrintsTheEndpointsDocument() throws Exception {
    CliRun run = CliRun.of("status", "--json", "--url", serve(STUCK_AGENT));

    assertThat(run.out()).contains("\"id\" : \"aggregator-1\"").contains("\"files_quarantined\" : 1");
    assertThat(run.exitCode()).isEqualTo(StatusCommand.NOT_READY);
  }

  @Test
  void anUnreachableEndpointExitsOneWithOneLine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CliRun run = CliRun.of("status", "--url", "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("sluice: Cannot reach the admin endpoint at http://127.0.0.1:" + closedPort
        + "/status");
  }
}
