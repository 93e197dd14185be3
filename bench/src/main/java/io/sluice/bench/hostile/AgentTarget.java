package io.sluice.bench.hostile;

import java.nio.file.Path;

/**
 * An agent the scenarios attack, with its ports and output directory.
 *
 * @param agent the running process
 * @param forwardPort the forward input's port
 * @param sharedKey the forward handshake's key (the port then speaks TLS too), or null for plain forward
 * @param httpPort the HTTP input's port
 * @param output the local output's directory, where landed records are counted
 */
record AgentTarget(AgentProcess agent, int forwardPort, String sharedKey, int httpPort, Path output) {

  boolean secure() {
    return sharedKey != null;
  }

  int adminPort() {
    return agent.adminPort();
  }
}
