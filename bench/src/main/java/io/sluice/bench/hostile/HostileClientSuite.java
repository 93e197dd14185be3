package io.sluice.bench.hostile;

import io.sluice.bench.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hostile-client suite (issue 11): runs the packaged agent as a separate process and attacks it one scenario
 * after another, each with well-behaved control clients beside it whose acks must stay under a latency bound and
 * whose every record must land exactly once. Prints a table and writes report.md and report.json; see
 * docs/RELIABILITY.md. Options are {@code hostile.*} system properties (see {@link SuiteOptions}).
 */
public final class HostileClientSuite {

  /** The control clients' acknowledged ids of one scenario, kept until the output is counted. */
  private record Run(ScenarioResult result, List<String> forwardIds, List<String> httpIds, List<String> probeIds) {}

  private HostileClientSuite() {}

  static List<Scenario> scenarios(SuiteOptions options) {
    return List.of(
        new GzipBombScenario("gzip-bomb", 1, options.bombBytes()),
        new GzipBombScenario("gzip-bombs-concurrent", options.concurrentBombs(), options.concurrentBombBytes()),
        new SlowLorisScenario(SlowLorisScenario.Input.FORWARD),
        new SlowLorisScenario(SlowLorisScenario.Input.HTTP),
        new ConnectionFloodScenario(ConnectionFloodScenario.Port.FORWARD),
        new ConnectionFloodScenario(ConnectionFloodScenario.Port.HTTP),
        new ConnectionFloodScenario(ConnectionFloodScenario.Port.ADMIN),
        new OversizeScenario(),
        new AckedThenDroppedScenario(),
        new PreAuthScenario(PreAuthScenario.Kind.BIG_FRAMES),
        new PreAuthScenario(PreAuthScenario.Kind.PLAINTEXT_AND_WRONG_KEY),
        new DeadSocketsScenario());
  }

  public static void main(String[] args) throws Exception {
    SuiteOptions options = SuiteOptions.from(System.getProperties());
    if (!Files.isExecutable(launcher(options))) {
      System.err.println("no packaged agent at " + launcher(options) + "; build it with: mvn -B -ntp -DskipTests"
          + " package (or run the suite with -Phostile, which does)");
      System.exit(2);
    }
    SuiteOutcome outcome = run(options);
    if (!outcome.failed().isEmpty() && Boolean.getBoolean("hostile.failOnViolation")) {
      System.exit(1);
    }
  }

  static Path launcher(SuiteOptions options) {
    return options.dist().resolve("bin/sluice");
  }

  /**
   * Runs every selected scenario against freshly started agents, counts what landed once they have stopped, prints
   * the table and writes the report; the caller decides what a failed bound means.
   */
  static SuiteOutcome run(SuiteOptions options) throws Exception {
    Bounds bounds = new Bounds(options.maxAck().toMillis(), options.maxLogLines());
    Path work = Files.createTempDirectory("sluice-hostile-");
    Instant started = Instant.now();
    System.out.printf("Hostile-client suite: agent %s, work %s, bounds: ack max %s, %d log lines per scenario%n",
        options.dist(), work, Bounds.seconds(options.maxAck().toMillis()), options.maxLogLines());
    Map<String, Run> runs = new LinkedHashMap<>();
    List<AgentTarget> targets;
    List<String> restarts;
    try (AgentFleet fleet = new AgentFleet(options, work)) {
      for (Scenario scenario : scenarios(options)) {
        if (options.selected(scenario.name())) {
          runs.put(scenario.name(), run(scenario, fleet, options));
        }
      }
      targets = fleet.started();
      restarts = fleet.restarts();
      System.out.println("stopping the agents (SIGTERM: open files are sealed and written)");
    }
    SuiteOutcome outcome = new SuiteOutcome(bounds, land(runs, targets), restarts, options.reportDir());
    String markdown = outcome.markdown();
    System.out.println();
    System.out.println(markdown);
    restarts.forEach(restart -> System.out.println("note: " + restart));
    Files.createDirectories(options.reportDir());
    Files.writeString(options.reportDir().resolve("report.md"), "Hostile-client suite, " + started + ", "
        + Duration.between(started, Instant.now()).toSeconds() + " s\n\n" + markdown
        + restarts.stream().map(restart -> "- " + restart + "\n").reduce("", String::concat));
    Files.writeString(options.reportDir().resolve("report.json"), new ResultTable(bounds).json(outcome.results()));
    for (AgentTarget target : targets) {
      Files.copy(target.agent().log(), options.reportDir().resolve(target.agent().name() + "-agent.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    FileTree.delete(work);
    System.out.printf("%d of %d scenarios failed their bounds; report and agent logs in %s (%d s)%n",
        outcome.failed().size(), outcome.results().size(), options.reportDir(),
        Duration.between(started, Instant.now()).toSeconds());
    return outcome;
  }

  private static Run run(Scenario scenario, AgentFleet fleet, SuiteOptions options) throws Exception {
    System.out.printf("%n== %s: %s%n", scenario.name(), scenario.description());
    AgentTarget target;
    try {
      target = fleet.target(scenario.agent(), scenario.name());
    } catch (IOException e) {
      System.out.println("  not run: " + e.getMessage());
      return new Run(ScenarioResult.notRun(scenario.name(), "the agent could not be started: " + e.getMessage()),
          List.of(), List.of(), List.of());
    }
    AgentProcess agent = target.agent();
    LogWindow log = LogWindow.from(agent.log());
    ScenarioContext context = new ScenarioContext(target, options);
    ProcessSampler.Peaks peaks;
    ControlClients control;
    String notRun = null;
    try (ProcessSampler sampler = new ProcessSampler(agent::pid)) {
      sampler.reset();
      control = new ControlClients(target, scenario.name(), options, scenario.controlled());
      try {
        Thread.sleep(options.settle().toMillis());
        scenario.attack(context);
        Thread.sleep(options.settle().toMillis());
      } catch (ScenarioContext.NotRun e) {
        notRun = e.getMessage();
      } catch (Exception e) {
        context.note("the attack itself failed: %s", e);
      } finally {
        control.close();
      }
      if (!control.forward().failureReasons().isEmpty()) {
        context.note("forward control failures: %s", control.forward().failureReasons());
      }
      if (!control.http().failureReasons().isEmpty()) {
        context.note("HTTP control failures: %s", control.http().failureReasons());
      }
      peaks = sampler.reset();
    }
    if (notRun != null) {
      System.out.println("  not run: " + notRun);
      return new Run(ScenarioResult.notRun(scenario.name(), notRun), List.of(), List.of(), List.of());
    }
    boolean alive = agent.alive() && agent.healthy(Duration.ofSeconds(5));
    if (!alive) {
      context.note("agent %s; its last log line: %s", agent.exitDescription(), agent.logTail(1).trim());
    }
    LogWindow.Written written = log.written();
    ControlFigures forward = control.withControl() ? control.forward().figures() : ControlFigures.NONE;
    ControlFigures http = control.withControl() ? control.http().figures() : ControlFigures.NONE;
    ScenarioResult result = new ScenarioResult(scenario.name(), null, alive, peaks.rssKib(), peaks.rssAnonKib(),
        peaks.descriptors(), forward, http, context.probes().figures(), control.health(), written.lines(),
        written.bytes(), written.stackTraces(), written.payloadLogged(), context.notes(), context.checks());
    System.out.printf(Locale.ROOT, "  alive %s, RSS peak %,d MiB, RssAnon peak %,d MiB, fds peak %,d, forward ack"
            + " p50/max %d/%d ms (%d failed), HTTP ack p50/max %d/%d ms (%d failed), log %,d lines (%,d with a stack"
            + " trace)%n",
        alive ? "yes" : "NO", peaks.rssKib() >> 10, peaks.rssAnonKib() >> 10, peaks.descriptors(),
        forward.p50Millis(), forward.maxMillis(), forward.failures(), http.p50Millis(), http.maxMillis(),
        http.failures(), written.lines(), written.stackTraces());
    return new Run(result, control.forward().ackedIds(), control.http().ackedIds(), context.probes().ackedIds());
  }

  /** Counts every acknowledged id in the stopped agents' output files. */
  private static List<ScenarioResult> land(Map<String, Run> runs, List<AgentTarget> targets) throws IOException {
    LandedRecords landed = LandedRecords.scan(targets.stream().map(AgentTarget::output).toList());
    List<ScenarioResult> results = new ArrayList<>();
    for (Run run : runs.values()) {
      ScenarioResult result = run.result();
      if (!result.ran()) {
        results.add(result);
        continue;
      }
      List<String> notes = new ArrayList<>(landed.notes("forward control", run.forwardIds()));
      notes.addAll(landed.notes("HTTP control", run.httpIds()));
      notes.addAll(landed.notes("hostile records", run.probeIds()));
      results.add(result.withLanding(landed.land(result.forward(), run.forwardIds()),
          landed.land(result.http(), run.httpIds()), landed.land(result.probes(), run.probeIds()), notes));
    }
    return results;
  }
}
