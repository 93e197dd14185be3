package io.sluice.bench.hostile;

/** The agents the suite runs: they differ in what their forward input demands and in their buffer budget. */
enum AgentKind {
  /** Forward without authentication, HTTP and admin, as the shipped config. */
  PLAIN,
  /** Forward with TLS and the shared-key handshake, HTTP and admin. */
  SECURE,
  /** As PLAIN, with a buffer budget small enough to fill, for the dead-socket scenario. */
  BUDGET
}
