package io.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

  private static final Bounds BOUNDS = new Bounds(2_000, 100);

  private static ScenarioResult result(boolean alive, ControlFigures forward, long logLines, List<Check> checks) {
    return new ScenarioResult("gzip-bomb", null, alive, 400 << 10, 300 << 10, 120, forward, ControlFigures.NONE,
        ControlFigures.NONE, new HealthFigures(10, 0, 12), logLines, 2048, 1, false, List.of("one bomb"), checks);
  }

  private static ControlFigures forward(long maxMillis, long failures, long acked, long landed, long duplicates) {
    return new ControlFigures(acked + failures * 20, acked, failures, 5, maxMillis, landed, duplicates);
  }

  @Test
  void aScenarioWithinEveryBoundPasses() {
    ScenarioResult result = result(true, forward(150, 0, 400, 400, 0), 3, List.of());

    assertThat(BOUNDS.passed(result)).isTrue();
    assertThat(new ResultTable(BOUNDS).markdown(List.of(result)))
        .contains("| gzip-bomb | yes | 400 MiB | 300 MiB | 120 | 0.01 s / 0.15 s | - | 0.01 s | 400 / 400 / 0 | - "
            + "| 3 (2.0 KiB, 1) | pass |");
  }

  @Test
  void aDeadAgentFails() {
    ScenarioResult result = result(false, forward(150, 0, 400, 400, 0), 3, List.of());

    assertThat(BOUNDS.evaluate(result)).filteredOn(check -> !check.passed()).extracting(Check::name)
        .containsExactly("agent alive");
  }

  @Test
  void anAckSlowerThanTheBoundOrAFailedChunkFails() {
    assertThat(BOUNDS.passed(result(true, forward(2_001, 0, 400, 400, 0), 3, List.of()))).isFalse();
    assertThat(BOUNDS.passed(result(true, forward(150, 1, 400, 400, 0), 3, List.of()))).isFalse();
  }

  @Test
  void anAcknowledgedRecordMissingFromTheOutputOrWrittenTwiceFails() {
    List<Check> lost = BOUNDS.evaluate(result(true, forward(150, 0, 400, 399, 0), 3, List.of()));
    List<Check> doubled = BOUNDS.evaluate(result(true, forward(150, 0, 400, 400, 1), 3, List.of()));

    assertThat(lost).filteredOn(check -> !check.passed()).extracting(Check::detail)
        .containsExactly("400 acked, 1 lost, 0 duplicates");
    assertThat(doubled).filteredOn(check -> !check.passed()).extracting(Check::detail)
        .containsExactly("400 acked, 0 lost, 1 duplicates");
  }

  @Test
  void moreLogLinesThanTheBoundFail() {
    assertThat(BOUNDS.passed(result(true, forward(150, 0, 400, 400, 0), 101, List.of()))).isFalse();
  }

  @Test
  void aScenariosOwnFailedCheckFailsItAndIsListedUnderTheTable() {
    ScenarioResult result = result(true, forward(150, 0, 400, 400, 0), 3,
        List.of(Check.of("wrong shared key refused", false, "2 accepted")));

    String markdown = new ResultTable(BOUNDS).markdown(List.of(result));

    assertThat(markdown).contains("| **FAIL** |").contains("- one bomb\n")
        .contains("- FAIL wrong shared key refused: 2 accepted\n");
  }

  @Test
  void aSkippedScenarioSaysWhy() {
    String markdown = new ResultTable(BOUNDS).markdown(List.of(ScenarioResult.notRun("dead-sockets",
        "the buffer never filled")));

    assertThat(markdown).contains("| dead-sockets | not run: the buffer never filled |");
  }

  @Test
  void theJsonEscapesNotesAndCarriesEveryCheck() {
    ScenarioResult result = new ScenarioResult("flood-admin", null, true, 1, 1, 1, ControlFigures.NONE,
        ControlFigures.NONE, ControlFigures.NONE, HealthFigures.NONE, 0, 0, 0, false,
        List.of("said \"hi\"\n"), List.of());

    String json = new ResultTable(BOUNDS).json(List.of(result));

    assertThat(json).contains("\"notes\": [\"said \\\"hi\\\"\\n\"]")
        .contains("{\"check\": \"agent alive\", \"passed\": true, \"detail\": \"alive\"}")
        .contains("\"passed\": true");
  }
}
