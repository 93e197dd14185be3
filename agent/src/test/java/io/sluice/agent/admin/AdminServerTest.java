package io.sluice.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.AdminHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private static final AdminRouter HEALTHY = (method, uri) -> AdminResponse.json(200, "{\"status\":\"up\"}");
  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

  @Test
  void portZeroBindsAFreePortAndServesOnIt() throws Exception {
    try (AdminServer server = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, new PrometheusRegistry())) {
      HttpResponse<String> response = AdminHttp.get(server.port(), "/healthz");

      assertThat(server.port()).isPositive();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"up\"}");
    }
  }

  @Test
  void servesOnANamedEventLoopThread() throws Exception {
    try (AdminServer server = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, new PrometheusRegistry())) {
      AdminHttp.get(server.port(), "/healthz");

      assertThat(AdminHttp.liveThreadNames()).anyMatch(name -> name.startsWith("sluice-admin-"));
    }
  }

  @Test
  void closeStopsListeningAndEndsTheEventLoopThread() throws Exception {
    AdminServer server = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, new PrometheusRegistry());
    int port = server.port();

    server.close();

    await().untilAsserted(
        () -> assertThat(AdminHttp.liveThreadNames()).noneMatch(name -> name.startsWith("sluice-admin-")));
    assertThatThrownBy(() -> AdminHttp.get(port, "/healthz")).isInstanceOf(ConnectException.class);
  }

  @Test
  void aPortInUseFailsNamingTheAddress() throws Exception {
    try (AdminServer first = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, new PrometheusRegistry())) {
      assertThatThrownBy(() -> AdminServer.start(new InetSocketAddress("127.0.0.1", first.port()), HEALTHY, new PrometheusRegistry()))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port() + " for the admin endpoint");
    }
  }
}
