package io.sluice.config.input;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * Liveness of forward connections.
 *
 * @param udp answer UDP heartbeats on the forward port, as Fluentd does for {@code heartbeat_type udp}
 * @param tcpKeepalive enable TCP keepalive on accepted connections
 * @param idleTimeout close a connection that completed no frame for this long (bytes of an unfinished frame do not
 *     count; while the agent itself pauses the connection for a full buffer, the time does not count either)
 */
public record HeartbeatConfig(Boolean udp, Boolean tcpKeepalive, Duration idleTimeout) implements Validatable {

  public HeartbeatConfig {
    udp = udp != null ? udp : Boolean.TRUE;
    tcpKeepalive = tcpKeepalive != null ? tcpKeepalive : Boolean.TRUE;
    idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofMinutes(5);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(!idleTimeout.isNegative() && !idleTimeout.isZero(), ConfigPaths.child(path, "idle_timeout"),
        "must be positive");
  }
}
