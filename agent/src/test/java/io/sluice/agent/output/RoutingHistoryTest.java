package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.continuing;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.config.output.OutputRoutes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingHistoryTest {

  private static final OutputRoutes APP_FIRST = OutputRoutes.of(List.of(
      local("app", Path.of("app"), "app.**", rollLate()), local("rest", Path.of("rest"), "**", rollLate())));
  private static final OutputRoutes APP_COPIED = OutputRoutes.of(List.of(
      continuing("app", Path.of("app"), "app.**", rollLate()), local("rest", Path.of("rest"), "**", rollLate())));
  private static final OutputRoutes REST_FIRST = OutputRoutes.of(List.of(
      local("rest", Path.of("rest"), "**", rollLate()), local("app", Path.of("app"), "app.**", rollLate())));

  @Test
  void entriesReadBeforeAChangeKeepTheirRoutesAndLaterOnesTakeTheNew() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(APP_COPIED, 10);

    assertThat(history.routeOf("rest").takes(10, "app.web")).isFalse();
    assertThat(history.routeOf("rest").takes(11, "app.web")).isTrue();
    assertThat(history.routeOf("app").takes(10, "app.web")).isTrue();
  }

  @Test
  void eachChangeDecidesTheEntriesUpToTheNextOne() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(REST_FIRST, 10).then(APP_COPIED, 20);

    assertThat(history.routeOf("app").takes(5, "app.web")).isTrue();
    assertThat(history.routeOf("app").takes(15, "app.web")).isFalse();
    assertThat(history.routeOf("rest").takes(15, "app.web")).isTrue();
    assertThat(history.routeOf("rest").takes(25, "app.web")).isTrue();
    assertThat(history.routeOf("app").takes(25, "app.web")).isTrue();
  }

  @Test
  void routesNothingWasReadWithAreForgotten() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(REST_FIRST, 10).then(APP_COPIED, 10);

    assertThat(history.routeOf("app").takes(10, "app.web")).isTrue();
    assertThat(history.routeOf("rest").takes(10, "app.web")).isFalse();
    assertThat(history.routeOf("rest").takes(11, "app.web")).isTrue();
  }

  @Test
  void routesChangedBeforeAnyEntryWasReadDecideEveryEntry() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(APP_COPIED, BufferReader.NO_INDEX);

    assertThat(history.routeOf("rest").takes(0, "app.web")).isTrue();
  }

  @Test
  void routesOfEntriesEveryOutputCommittedPastAreForgotten() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(REST_FIRST, 10).then(APP_COPIED, 20);

    RoutingHistory pruned = history.forgetThrough(10);

    // Entry 5 is never read again; the routes that decided it are gone, and the next era's now answer for it.
    assertThat(pruned.routeOf("app").takes(5, "app.web")).isFalse();
    assertThat(pruned.routeOf("app").takes(15, "app.web")).isFalse();
    assertThat(pruned.routeOf("app").takes(25, "app.web")).isTrue();
    assertThat(history.forgetThrough(20).routeOf("rest").takes(15, "app.web")).isTrue();
  }

  @Test
  void routesOfEntriesSomeOutputStillReadsAreKept() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST).then(REST_FIRST, 10);

    assertThat(history.forgetThrough(9)).isSameAs(history);
  }

  @Test
  void unchangedRoutesKeepTheHistoryAsItIs() {
    RoutingHistory history = RoutingHistory.of(APP_FIRST);

    assertThat(history.then(OutputRoutes.of(List.of(local("app", Path.of("app"), "app.**", rollLate()),
        local("rest", Path.of("rest"), "**", rollLate()))), 10)).isSameAs(history);
  }
}
