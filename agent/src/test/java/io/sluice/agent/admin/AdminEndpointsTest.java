package io.sluice.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminEndpointsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private AdminEndpoints endpoints(ReadinessCheck... checks) {
    return new AdminEndpoints(new Readiness(List.of(checks)), new MetricsScrape(registry),
        () -> "{\"role\":\"agent\"}");
  }

  @Test
  void statusAnswersTheReportAsJson() {
    AdminResponse response = endpoints().route("GET", "/status");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.body()).isEqualTo("{\"role\":\"agent\"}");
  }

  @Test
  void statusRefusesPost() {
    assertThat(endpoints().route("POST", "/status").status()).isEqualTo(405);
  }

  @Test
  void healthzAnswersUpAsJson() {
    AdminResponse response = endpoints().route("GET", "/healthz");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.body()).isEqualTo("{\"status\":\"up\"}");
  }

  @Test
  void healthzStaysUpWhileNotReady() {
    AdminResponse response = endpoints(ReadinessCheck.of("buffer", () -> false)).route("GET", "/healthz");

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void readyzIs200WhenEveryCheckPasses() {
    AdminResponse response = endpoints(ReadinessCheck.of("agent", () -> true), ReadinessCheck.of("buffer", () -> true))
        .route("GET", "/readyz");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ready\"}");
  }

  @Test
  void readyzIs503NamingEveryFailingCheck() {
    AdminResponse response = endpoints(
        ReadinessCheck.of("agent", () -> true),
        ReadinessCheck.of("buffer", () -> false),
        ReadinessCheck.of("s3", () -> false))
        .route("GET", "/readyz");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("{\"status\":\"not ready\",\"failing\":[\"buffer\",\"s3\"]}");
  }

  @Test
  void aCheckThatThrowsCountsAsFailing() {
    AdminResponse response = endpoints(ReadinessCheck.of("broken", () -> {
      throw new IllegalStateException("cannot tell");
    })).route("GET", "/readyz");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("\"failing\":[\"broken\"]");
  }

  @Test
  void metricsRenderTheRegistryInPrometheusTextFormat() {
    Counter.builder().name("sluice_test_records").help("records seen").register(registry).inc(3);

    AdminResponse response = endpoints().route("GET", "/metrics");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(response.body())
        .contains("# TYPE sluice_test_records_total counter")
        .contains("sluice_test_records_total 3.0");
  }

  @Test
  void aQueryStringDoesNotChangeTheRoute() {
    AdminResponse response = endpoints().route("GET", "/healthz?verbose=1");

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void anUnknownPathIs404() {
    AdminResponse response = endpoints().route("GET", "/debug/pprof");

    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void aMethodOtherThanGetOnAKnownPathIs405() {
    AdminResponse response = endpoints().route("POST", "/metrics");

    assertThat(response.status()).isEqualTo(405);
  }
}
