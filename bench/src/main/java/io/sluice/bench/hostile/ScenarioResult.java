package io.sluice.bench.hostile;

import java.util.List;

/**
 * The figures of one scenario: the agent's state and peaks while it ran, the control clients, the hostile records
 * the agent acknowledged (probes), what it logged, and the scenario's own observations and checks.
 *
 * @param name the scenario's name
 * @param notRun why the scenario was skipped, or null when it ran
 * @param agentAlive whether the agent process was alive and answering after the scenario
 * @param rssPeakKib the highest VmRSS sampled, in KiB
 * @param rssAnonPeakKib the highest RssAnon sampled (heap, direct buffers, stacks: not file-backed), in KiB
 * @param fdPeak the most open descriptors sampled
 * @param forward the forward control client
 * @param http the HTTP control client
 * @param probes hostile records sent with an id, so the acknowledged ones can be looked for in the output
 * @param health the /healthz probe
 * @param logLines lines the agent wrote to its log during the scenario
 * @param logBytes bytes the agent wrote to its log during the scenario
 * @param logStackTraces log lines of the scenario that carry a stack trace
 * @param payloadLogged whether the log of the scenario holds the marker hostile payloads carry
 * @param notes what the scenario observed, for the report
 * @param scenarioChecks the scenario's own pass/fail judgements
 */
record ScenarioResult(String name, String notRun, boolean agentAlive, long rssPeakKib, long rssAnonPeakKib,
    long fdPeak, ControlFigures forward, ControlFigures http, ControlFigures probes, HealthFigures health,
    long logLines, long logBytes, long logStackTraces, boolean payloadLogged, List<String> notes, List<Check> scenarioChecks) {

  ScenarioResult {
    notes = List.copyOf(notes);
    scenarioChecks = List.copyOf(scenarioChecks);
  }

  static ScenarioResult notRun(String name, String why) {
    return new ScenarioResult(name, why, true, 0, 0, 0, ControlFigures.NONE, ControlFigures.NONE,
        ControlFigures.NONE, HealthFigures.NONE, 0, 0, 0, false, List.of(), List.of());
  }

  boolean ran() {
    return notRun == null;
  }

  /**
   * This result with what landed in the output files, known only once the agents have stopped, and notes on what
   * did not land once.
   */
  ScenarioResult withLanding(ControlFigures landedForward, ControlFigures landedHttp, ControlFigures landedProbes,
      List<String> landingNotes) {
    List<String> allNotes = new java.util.ArrayList<>(notes);
    allNotes.addAll(landingNotes);
    return new ScenarioResult(name, notRun, agentAlive, rssPeakKib, rssAnonPeakKib, fdPeak, landedForward,
        landedHttp, landedProbes, health, logLines, logBytes, logStackTraces, payloadLogged, allNotes,
        scenarioChecks);
  }
}
