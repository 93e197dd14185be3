package io.sluice.bench.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Starts each kind of agent the first time a scenario needs it, restarts one that a scenario killed (with the same
 * config, buffer and outputs, so its acknowledged records still ship), and stops them all gracefully at the end.
 */
final class AgentFleet implements AutoCloseable {

  static final String SHARED_KEY = "hostile-suite-shared-key";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(120);

  private final SuiteOptions options;
  private final Path work;
  private final Map<AgentKind, AgentTarget> targets = new EnumMap<>(AgentKind.class);
  private final List<String> restarts = new ArrayList<>();

  AgentFleet(SuiteOptions options, Path work) {
    this.options = options;
    this.work = work;
  }

  /** The running agent of this kind: started if new, restarted if a previous scenario killed it. */
  AgentTarget target(AgentKind kind, String scenario) throws Exception {
    AgentTarget target = targets.get(kind);
    if (target == null) {
      target = create(kind);
      targets.put(kind, target);
      target.agent().start(START_TIMEOUT);
      System.out.printf("started the %s agent (pid %d)%n", kind, target.agent().pid());
    } else if (!target.agent().alive() || !target.agent().healthy(Duration.ofSeconds(5))) {
      String was = target.agent().exitDescription();
      target.agent().stop(Duration.ofSeconds(10));
      target.agent().start(START_TIMEOUT);
      restarts.add(kind + " agent restarted before " + scenario + " (it had " + was + ")");
      System.out.printf("restarted the %s agent (it had %s), pid %d%n", kind, was, target.agent().pid());
    }
    return target;
  }

  List<String> restarts() {
    return List.copyOf(restarts);
  }

  List<AgentTarget> started() {
    return List.copyOf(targets.values());
  }

  private AgentTarget create(AgentKind kind) throws IOException, GeneralSecurityException, InterruptedException {
    String name = kind.name().toLowerCase(java.util.Locale.ROOT);
    Path home = Files.createDirectories(work.resolve(name));
    int forward = freePort();
    int http = freePort();
    int admin = freePort();
    Path output = home.resolve("output");
    String security = "";
    if (kind == AgentKind.SECURE) {
      SelfSignedPem pem = SelfSignedPem.create(home);
      security = """
              tls: {enabled: true, cert_file: %s, key_file: %s}
              security:
                self_hostname: hostile-agent
                shared_key: ${SLUICE_HOSTILE_SHARED_KEY}
          """.formatted(pem.certFile(), pem.keyFile());
    }
    long budget = kind == AgentKind.BUDGET ? options.budgetBytes() : 4L << 30;
    String yaml = """
        agent: {id: hostile-%s, drain_timeout: 60s}
        inputs:
          forward:
            bind: 127.0.0.1
            port: %d
            max_frame_size: %d
            heartbeat: {udp: false}
            connections: {transfer_grace: %ds}
        %s  http:
            bind: 127.0.0.1
            port: %d
            body_limit: %d
            keepalive_timeout: %ds
            connections: {transfer_grace: %ds}
        buffer: {directory: %s, max_bytes: %d, fsync: never}
        outputs:
          - name: local
            type: local
            directory: %s
            roll: {size: 64MiB, age: 5s}
        admin: {bind: 127.0.0.1, port: %d}
        """.formatted(name, forward, options.maxFrameBytes(), options.transferGrace().toSeconds(), security, http,
        options.bodyLimitBytes(), options.httpKeepalive().toSeconds(), options.transferGrace().toSeconds(),
        home.resolve("buffer"), budget, output, admin);
    Files.createDirectories(output);
    Path config = Files.writeString(home.resolve("sluice.yaml"), yaml);
    Map<String, String> environment = new java.util.HashMap<>();
    environment.put("SLUICE_HOSTILE_SHARED_KEY", SHARED_KEY);
    if (!options.agentJavaOpts().isBlank()) {
      environment.put("SLUICE_JAVA_OPTS", options.agentJavaOpts());
    }
    AgentProcess agent = new AgentProcess(name, options.dist(), config, home.resolve("agent.log"), admin,
        environment);
    return new AgentTarget(agent, forward, kind == AgentKind.SECURE ? SHARED_KEY : null, http, output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops every agent with SIGTERM, so each seals and ships its open files before the output is counted. */
  @Override
  public void close() throws InterruptedException {
    for (AgentTarget target : targets.values()) {
      target.agent().stop(STOP_GRACE);
    }
  }
}
