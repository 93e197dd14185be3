package io.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The hostile-client suite, every scenario at small sizes, against the distribution this build packaged: the bounded
 * run of {@code mvn verify} (docs/RELIABILITY.md, "Running it"). The full-size run is the {@code hostile} profile.
 */
class HostileClientSuiteIT {

  /**
   * Sizes that still cross each limit the scenarios probe, yet finish in about a minute on two cores: a single bomb
   * of 256 MiB (4 x max_frame_size, the whole default memory budget, which once made HTTP answer 503 while it
   * inflated; now above the quarter of the budget an entry may take), and two that the agent inflates within it; floods and slow connections in the hundreds; frames above what a
   * pre-authentication peer may send. The agents' slow-transfer and keep-alive clocks are shortened to match the
   * shorter trickle. The latency bound is loose for a loaded CI machine: it catches an agent that stalls, not one
   * that is merely slow; the dead-socket wait only costs time if the output's retry backoff has grown long.
   */
  private static final Map<String, String> SMOKE = Map.ofEntries(
      Map.entry("hostile.maxAckMillis", "5000"),
      Map.entry("hostile.settleSeconds", "1"),
      Map.entry("hostile.bombBytes", String.valueOf(256L << 20)),
      Map.entry("hostile.concurrentBombs", "2"),
      Map.entry("hostile.concurrentBombBytes", String.valueOf(64L << 20)),
      Map.entry("hostile.slowConnections", "100"),
      Map.entry("hostile.slowSeconds", "6"),
      Map.entry("hostile.slowByteSeconds", "1"),
      Map.entry("hostile.transferGraceSeconds", "2"),
      Map.entry("hostile.keepaliveSeconds", "3"),
      Map.entry("hostile.floodConnections", "300"),
      Map.entry("hostile.idleConnections", "200"),
      Map.entry("hostile.idleSeconds", "2"),
      Map.entry("hostile.preAuthConnections", "4"),
      Map.entry("hostile.preAuthFrameBytes", String.valueOf(8L << 20)),
      Map.entry("hostile.badHandshakes", "20"),
      Map.entry("hostile.deadClients", "3"),
      Map.entry("hostile.resumeSeconds", "60"));

  @Test
  void everyScenarioStaysWithinItsBoundsAgainstThePackagedAgent() throws Exception {
    Properties properties = new Properties();
    properties.putAll(SMOKE);
    // The pom points these at this build's distribution and at target/hostile-smoke.
    properties.setProperty("hostile.dist", System.getProperty("hostile.dist", "../packaging/target/sluice"));
    properties.setProperty("hostile.report", System.getProperty("hostile.report", "target/hostile-smoke"));
    SuiteOptions options = SuiteOptions.from(properties);
    assertThat(Files.isExecutable(HostileClientSuite.launcher(options)))
        .as("the packaged agent at %s (built by the packaging module's package phase)",
            HostileClientSuite.launcher(options))
        .isTrue();

    SuiteOutcome outcome = HostileClientSuite.run(options);

    assertThat(outcome.results()).as("scenarios run").hasSize(HostileClientSuite.scenarios(options).size());
    assertThat(outcome.notRun()).as("scenarios that could not run; report and agent logs in %s:%n%s",
        outcome.reportDir(), outcome.markdown()).isEmpty();
    assertThat(outcome.failed()).as("scenarios that broke a bound; report and agent logs in %s:%n%s",
        outcome.reportDir(), outcome.markdown()).isEmpty();
  }
}
