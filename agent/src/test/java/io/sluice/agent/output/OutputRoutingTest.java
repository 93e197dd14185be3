package io.sluice.agent.output;

import static io.sluice.agent.output.TestOutputs.HOUR_PATH;
import static io.sluice.agent.output.TestOutputs.continuing;
import static io.sluice.agent.output.TestOutputs.event;
import static io.sluice.agent.output.TestOutputs.keysBelow;
import static io.sluice.agent.output.TestOutputs.line;
import static io.sluice.agent.output.TestOutputs.local;
import static io.sluice.agent.output.TestOutputs.rollLate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations route as Fluentd does: the first output whose match matches a tag takes its records, one with
 * {@code continue} lets the later ones take them too; an output skips (and so ships) what is routed elsewhere. After
 * a change of routes, entries any output had read keep their old routes for every output.
 */
class OutputRoutingTest {

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();

  private OutputDestinations create(List<OutputConfig> outputs, RoutingHistory routing) {
    return OutputDestinations.create(outputs, routing, TestOutputs.AGENT, null, dir.resolve("buffer"), buffer,
        OutputMetrics.register(new PrometheusRegistry()), UploadHook.NONE,
        StoreFactory.FROM_CONFIG);
  }

  private OutputDestinations started(List<OutputConfig> outputs) {
    OutputDestinations destinations = create(outputs, RoutingHistory.of(OutputRoutes.of(outputs)));
    destinations.start();
    return destinations;
  }

  private void awaitReadByAll(List<OutputConfig> outputs) {
    await().until(() -> outputs.stream().allMatch(output -> buffer.readThrough(output.name()) == buffer.lastIndex()));
  }

  /** The lines every file below the output's directory holds, file by file. */
  private List<String> lines(String output) {
    List<String> lines = new ArrayList<>();
    for (String key : keysBelow(dir.resolve(output))) {
      try {
        lines.addAll(Files.readAllLines(dir.resolve(output).resolve(key)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  private OutputConfig app() {
    return local("app", dir.resolve("app"), "app.**", rollLate());
  }

  private OutputConfig rest() {
    return local("rest", dir.resolve("rest"), "**", rollLate());
  }

  @Test
  void theFirstMatchingOutputTakesTheRecordAndTheLaterOnesShipItBySkipping() {
    List<OutputConfig> outputs = List.of(app(), rest());
    OutputDestinations destinations = started(outputs);
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("db.slow", "{\"n\":2}"));
    awaitReadByAll(outputs);

    destinations.close();

    assertThat(keysBelow(dir.resolve("app"))).containsExactly(
        "logs/app.web/" + HOUR_PATH + "/host-1-app-0000000000.json");
    assertThat(keysBelow(dir.resolve("rest"))).containsExactly(
        "logs/db.slow/" + HOUR_PATH + "/host-1-rest-0000000000.json");
    assertThat(buffer.shippedThrough("app")).isEqualTo(buffer.lastIndex());
    assertThat(buffer.shippedThrough("rest")).isEqualTo(buffer.lastIndex());
  }

  @Test
  void continueSendsTheRecordOnToTheNextMatchingOutput() {
    List<OutputConfig> outputs = List.of(continuing("app", dir.resolve("app"), "app.**", rollLate()), rest());
    OutputDestinations destinations = started(outputs);
    buffer.appendAll(event("app.web", "{\"n\":1}"));
    awaitReadByAll(outputs);

    destinations.close();

    assertThat(lines("app")).containsExactly(line("app.web", "\"n\":1"));
    assertThat(lines("rest")).containsExactly(line("app.web", "\"n\":1"));
  }

  @Test
  void aContinueOutputFollowedByACatchAllCopiesItsTagsAndTheCatchAllTakesTheRest() {
    List<OutputConfig> outputs = List.of(continuing("audit", dir.resolve("audit"), "audit.**", rollLate()), app(),
        rest());
    OutputDestinations destinations = started(outputs);
    buffer.appendAll(event("audit.login", "{\"n\":1}"), event("app.web", "{\"n\":2}"), event("db.slow", "{\"n\":3}"));
    awaitReadByAll(outputs);

    destinations.close();

    assertThat(lines("audit")).containsExactly(line("audit.login", "\"n\":1"));
    assertThat(lines("app")).containsExactly(line("app.web", "\"n\":2"));
    assertThat(lines("rest")).containsExactly(line("audit.login", "\"n\":1"), line("db.slow", "\"n\":3"));
  }

  @Test
  void recordsAnOutputHadReadBeforeTheRoutesChangedAreNotSentAgainByAnOutputThatWasBehind() {
    List<OutputConfig> before = List.of(app(), rest());
    OutputDestinations first = create(before, RoutingHistory.of(OutputRoutes.of(before)));
    // Only app runs: rest is behind, as behind a backlog, when the routes change.
    first.destinations().get(0).start();
    buffer.appendAll(event("app.web", "{\"n\":1}"), event("db.slow", "{\"n\":2}"));
    await().until(() -> buffer.readThrough("app") == buffer.lastIndex());
    first.close();

    List<OutputConfig> reordered = List.of(rest(), app());
    OutputDestinations second = create(reordered, first.routingThen(reordered));
    second.start();
    buffer.appendAll(event("app.web", "{\"n\":3}"));
    awaitReadByAll(reordered);
    second.close();

    assertThat(lines("app")).containsExactly(line("app.web", "\"n\":1"));
    assertThat(lines("rest")).containsExactlyInAnyOrder(line("db.slow", "\"n\":2"), line("app.web", "\"n\":3"));
  }

  @Test
  void recordsAnOutputHadSkippedBeforeTheRoutesChangedReachTheOutputThatWasBehind() {
    List<OutputConfig> before = List.of(rest(), app());
    OutputDestinations first = create(before, RoutingHistory.of(OutputRoutes.of(before)));
    // Only app runs, skipping everything (rest takes it all): rest is behind when app moves first.
    first.destinations().get(1).start();
    buffer.appendAll(event("app.web", "{\"n\":1}"));
    await().until(() -> buffer.readThrough("app") == buffer.lastIndex());
    first.close();

    List<OutputConfig> reordered = List.of(app(), rest());
    OutputDestinations second = create(reordered, first.routingThen(reordered));
    second.start();
    buffer.appendAll(event("app.web", "{\"n\":2}"));
    awaitReadByAll(reordered);
    second.close();

    assertThat(lines("rest")).containsExactly(line("app.web", "\"n\":1"));
    assertThat(lines("app")).containsExactly(line("app.web", "\"n\":2"));
  }
}
