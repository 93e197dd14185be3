package io.sluice.config.admin;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * The admin endpoint: Prometheus metrics at {@code /metrics}, liveness at {@code /healthz}, readiness at
 * {@code /readyz}.
 *
 * @param enabled whether to listen at all
 * @param bind the address to listen on
 * @param port the TCP port; 24220 is Fluentd's monitor_agent port, which operators already open
 */
public record AdminConfig(Boolean enabled, String bind, Integer port) implements Validatable {

  public AdminConfig {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    bind = bind != null ? bind : "127.0.0.1";
    port = port != null ? port : 24220;
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.require(bind, ConfigPaths.child(path, "bind"));
    problems.checkPort(port, ConfigPaths.child(path, "port"));
  }
}
