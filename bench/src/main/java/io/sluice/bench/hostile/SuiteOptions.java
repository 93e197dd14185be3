package io.sluice.bench.hostile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sizes, counts and durations of the suite, each a system property {@code hostile.<name>} with the default in
 * brackets below; defaults keep a whole run under about ten minutes on two cores.
 *
 * @param dist the unpacked distribution to run ({@code hostile.dist} [packaging/target/sluice])
 * @param reportDir where report.md and report.json are written ({@code hostile.report} [bench/target/hostile])
 * @param only the scenarios to run, all when empty ({@code hostile.only}, comma-separated names)
 * @param maxAck the bound on a control client's ack latency and on {@code /healthz} ({@code hostile.maxAckMillis} [2000])
 * @param maxLogLines the bound on log lines per scenario ({@code hostile.maxLogLines} [100])
 * @param ackTimeout how long a control client waits for an ack before it counts a failure and reconnects
 *     ({@code hostile.ackTimeoutMillis} [10000])
 * @param controlInterval the pause between two control chunks or requests ({@code hostile.controlIntervalMillis} [200])
 * @param controlRecords records per control chunk or request ({@code hostile.controlRecords} [20])
 * @param settle the control clients' run before and after each attack ({@code hostile.settleSeconds} [2])
 * @param maxFrameBytes the agents' forward {@code max_frame_size} ({@code hostile.maxFrameBytes} [64 MiB, shipped])
 * @param bodyLimitBytes the agents' HTTP {@code body_limit} ({@code hostile.bodyLimitBytes} [32 MiB, shipped])
 * @param bombBytes the inflated size of the single gzip bomb ({@code hostile.bombBytes} [1 GiB])
 * @param concurrentBombBytes the inflated size of each concurrent bomb ({@code hostile.concurrentBombBytes} [100 MiB])
 * @param concurrentBombs how many bombs at once ({@code hostile.concurrentBombs} [4])
 * @param slowConnections slow-loris connections per input ({@code hostile.slowConnections} [1000])
 * @param slowDuration how long the slow-loris connections trickle ({@code hostile.slowSeconds} [30])
 * @param slowByteInterval the pause between two trickled bytes ({@code hostile.slowByteSeconds} [5])
 * @param floodConnections connections of each flood kind per port ({@code hostile.floodConnections} [5000])
 * @param idleConnections idle connections held open on the forward port ({@code hostile.idleConnections} [3000])
 * @param idleDuration how long they are held ({@code hostile.idleSeconds} [10])
 * @param preAuthConnections TLS connections sending a large frame before the handshake
 *     ({@code hostile.preAuthConnections} [20])
 * @param preAuthFrameBytes the size of each pre-authentication frame ({@code hostile.preAuthFrameBytes} [60 MiB])
 * @param badHandshakes plaintext and wrong-key connections on the secure port, of each
 *     ({@code hostile.badHandshakes} [200])
 * @param budgetBytes the buffer budget of the dead-socket scenario's agent ({@code hostile.budgetBytes} [8 MiB])
 * @param deadClients senders that give up on a held chunk and resend it ({@code hostile.deadClients} [10])
 * @param resumeWait how long the dead-socket scenario waits for the resent chunks' acks after the output is back
 *     ({@code hostile.resumeSeconds} [90])
 * @param agentJavaOpts extra JVM flags for the agents, as SLUICE_JAVA_OPTS ({@code hostile.agentJavaOpts} [none])
 * @param transferGrace the agents' {@code connections.transfer_grace} on both inputs
 *     ({@code hostile.transferGraceSeconds} [10, shipped])
 * @param httpKeepalive the agents' HTTP {@code keepalive_timeout} ({@code hostile.keepaliveSeconds} [10, shipped])
 */
record SuiteOptions(Path dist, Path reportDir, Set<String> only, Duration maxAck, long maxLogLines,
    Duration ackTimeout, Duration controlInterval, int controlRecords, Duration settle, long maxFrameBytes,
    long bodyLimitBytes, long bombBytes, long concurrentBombBytes, int concurrentBombs, int slowConnections,
    Duration slowDuration, Duration slowByteInterval, int floodConnections, int idleConnections,
    Duration idleDuration, int preAuthConnections, long preAuthFrameBytes, int badHandshakes, long budgetBytes,
    int deadClients, Duration resumeWait, String agentJavaOpts, Duration transferGrace, Duration httpKeepalive) {

  static SuiteOptions from(Properties properties) {
    Reader read = new Reader(properties);
    return new SuiteOptions(
        Path.of(read.text("dist", "packaging/target/sluice")).toAbsolutePath().normalize(),
        Path.of(read.text("report", "bench/target/hostile")).toAbsolutePath().normalize(),
        Arrays.stream(read.text("only", "").split(",")).map(String::trim).filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        Duration.ofMillis(read.number("maxAckMillis", 2_000)),
        read.number("maxLogLines", 100),
        Duration.ofMillis(read.number("ackTimeoutMillis", 10_000)),
        Duration.ofMillis(read.number("controlIntervalMillis", 200)),
        (int) read.number("controlRecords", 20),
        Duration.ofSeconds(read.number("settleSeconds", 2)),
        read.number("maxFrameBytes", 64L << 20),
        read.number("bodyLimitBytes", 32L << 20),
        read.number("bombBytes", 1L << 30),
        read.number("concurrentBombBytes", 100L << 20),
        (int) read.number("concurrentBombs", 4),
        (int) read.number("slowConnections", 1_000),
        Duration.ofSeconds(read.number("slowSeconds", 30)),
        Duration.ofSeconds(read.number("slowByteSeconds", 5)),
        (int) read.number("floodConnections", 5_000),
        (int) read.number("idleConnections", 3_000),
        Duration.ofSeconds(read.number("idleSeconds", 10)),
        (int) read.number("preAuthConnections", 20),
        read.number("preAuthFrameBytes", 60L << 20),
        (int) read.number("badHandshakes", 200),
        read.number("budgetBytes", 8L << 20),
        (int) read.number("deadClients", 10),
        Duration.ofSeconds(read.number("resumeSeconds", 90)),
        read.text("agentJavaOpts", ""),
        Duration.ofSeconds(read.number("transferGraceSeconds", 10)),
        Duration.ofSeconds(read.number("keepaliveSeconds", 10)));
  }

  boolean selected(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  /** Reads {@code hostile.*} properties. */
  private record Reader(Properties properties) {

    String text(String name, String fallback) {
      return properties.getProperty("hostile." + name, fallback);
    }

    long number(String name, long fallback) {
      String value = properties.getProperty("hostile." + name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Long.parseLong(value.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "hostile.%s must be a whole number, got %s",
            name, value), e);
      }
    }
  }
}
