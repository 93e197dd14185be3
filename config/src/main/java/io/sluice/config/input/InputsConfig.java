package io.sluice.config.input;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * The listeners records arrive on.
 *
 * @param forward the Fluentd forward protocol (TCP, with UDP heartbeat) listener
 * @param http the HTTP listener compatible with Fluentd's in_http
 */
public record InputsConfig(ForwardInputConfig forward, HttpInputConfig http) implements Validatable {

  public InputsConfig {
    forward = forward != null ? forward : ForwardInputConfig.defaults();
    http = http != null ? http : HttpInputConfig.defaults();
  }

  @Override
  public void validate(String path, Problems problems) {
    forward.validate(ConfigPaths.child(path, "forward"), problems);
    http.validate(ConfigPaths.child(path, "http"), problems);
    if (forward.enabled() && http.enabled() && forward.port() != 0 && forward.port().equals(http.port())
        && forward.bind().equals(http.bind())) {
      problems.add(ConfigPaths.child(path, "http.port"), "the HTTP input cannot share port " + http.port() + " with the forward input");
    }
  }
}
