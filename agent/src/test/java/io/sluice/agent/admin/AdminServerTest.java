package io.sluice.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import ch.qos.logback.classic.Level;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.sluice.agent.AdminHttp;
import io.sluice.agent.testing.LogCapture;
import io.sluice.agent.testing.RawPeer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private static final AdminRouter HEALTHY = (method, uri) -> AdminResponse.json(200, "{\"status\":\"up\"}");
  private static final byte[] HALF_A_REQUEST = "GET /healthz HTTP/1.1\r\nHost: sluice\r\n"
      .getBytes(StandardCharsets.US_ASCII);
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
      assertThatThrownBy(() -> AdminServer.start(new InetSocketAddress("127.0.0.1", first.port()), HEALTHY,
          new PrometheusRegistry()))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port() + " for the admin endpoint");
    }
  }

  @Test
  void resetsOnTheAdminPortWriteAHandfulOfLinesWithoutStackTraces() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (LogCapture logs = LogCapture.of("io.sluice")) {
      try (AdminServer server = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, registry)) {
        for (int i = 0; i < 200; i++) {
          Socket socket = RawPeer.connect(server.port(), null);
          socket.getOutputStream().write(HALF_A_REQUEST);
          socket.setSoLinger(true, 0);
          socket.close();
        }
        await().until(() -> openConnections(registry) == 0);
      }
      assertThat(logs.atLeast(Level.INFO)).hasSizeLessThanOrEqualTo(4)
          .allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
    }
  }

  @Test
  void aFloodFromOneAddressLeavesHealthzAnsweringOthers() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    List<Socket> flood = new ArrayList<>();
    try (AdminServer server = AdminServer.start(ANY_LOOPBACK_PORT, HEALTHY, registry)) {
      for (int i = 0; i < AdminServer.MAX_CONNECTIONS; i++) {
        flood.add(RawPeer.connect(server.port(), "127.0.0.2"));
      }
      await().until(() -> openConnections(registry) == AdminServer.MAX_PER_SOURCE);

      assertThat(AdminHttp.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(RawPeer.closedWithin(flood.get(flood.size() - 1), Duration.ofSeconds(5))).isTrue();
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
    }
  }

  static double openConnections(PrometheusRegistry registry) {
    return registry.scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals("sluice_admin_connections_open"))
        .flatMap(metric -> metric.getDataPoints().stream())
        .mapToDouble(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue())
        .sum();
  }
}
