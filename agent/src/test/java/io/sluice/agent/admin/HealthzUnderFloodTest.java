package io.sluice.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.AdminHttp;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.RecordSink;
import io.sluice.agent.input.forward.ForwardInput;
import io.sluice.agent.input.http.HttpInput;
import io.sluice.agent.testing.RawPeer;
import io.sluice.config.input.ConnectionLimitsConfig;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.HttpInputConfig;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin endpoint keeps answering while both inputs are held at their connection limits by idle peers. */
class HealthzUnderFloodTest {

  private static final int LIMIT = 20;
  private static final ConnectionLimitsConfig LIMITS = new ConnectionLimitsConfig(LIMIT, LIMIT, null, null);

  /** Accepts everything and keeps nothing: the flood sends no records. */
  private static final RecordSink DISCARD = new RecordSink() {
    @Override
    public void append(EventBatch batch) {}

    @Override
    public boolean isAccepting() {
      return true;
    }

    @Override
    public void addAvailabilityListener(AvailabilityListener listener) {}
  };

  @Test
  void healthzAnswersWhileTheInputsAreSaturatedWithIdleConnections() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    List<Socket> flood = new ArrayList<>();
    try (ForwardInput forward = ForwardInput.start(new ForwardInputConfig(true, "127.0.0.1", 0, null, null, null,
            null, null, LIMITS, null), DISCARD, registry);
        HttpInput http = HttpInput.start(new HttpInputConfig(true, "127.0.0.1", 0, null, null, null, null, null,
            null, null, null, null, null, null, LIMITS), DISCARD, registry);
        AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
            (method, uri) -> AdminResponse.json(200, "{\"status\":\"up\"}"), registry)) {
      for (int i = 0; i < 2 * LIMIT; i++) {
        flood.add(RawPeer.connect(forward.port(), "127.0.0.2"));
        flood.add(RawPeer.connect(http.port(), "127.0.0.2"));
      }
      // The inputs are full: one more connection to each is turned away.
      try (Socket forwardExtra = RawPeer.connect(forward.port(), "127.0.0.3");
          Socket httpExtra = RawPeer.connect(http.port(), "127.0.0.3")) {
        assertThat(RawPeer.closedWithin(forwardExtra, Duration.ofSeconds(10))).isTrue();
        assertThat(RawPeer.closedWithin(httpExtra, Duration.ofSeconds(10))).isTrue();
      }

      assertThat(AdminHttp.get(admin.port(), "/healthz").statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
    }
  }
}
