package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigPrinter;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routing as Fluentd routes (lib/fluent/event_router.rb, Fluentd 1.14: {@code match} returns the first
 * {@code <match>} whose pattern matches the tag, and {@code @type copy} is how one record reaches several outputs).
 */
class OutputRoutesTest {

  private static OutputRoutes routes(String outputsYaml) throws ConfigException {
    return OutputRoutes.of(parse(outputsYaml).outputs());
  }

  private static SluiceConfig parse(String outputsYaml) throws ConfigException {
    return new ConfigLoader(Map.of()).parse("test.yaml", "outputs:\n" + outputsYaml, Path.of("."));
  }

  @Test
  void theFirstMatchingOutputTakesTheRecord() throws ConfigException {
    OutputRoutes routes = routes("""
          - {name: app, bucket: my-logs, match: "app.**"}
          - {name: rest, bucket: my-logs, match: "**"}
        """);

    assertThat(routes.outputsFor("app.web")).containsExactly("app");
    assertThat(routes.outputsFor("db.slow")).containsExactly("rest");
  }

  @Test
  void continueSendsTheRecordOnToTheLaterOutputsThatMatchIt() throws ConfigException {
    OutputRoutes routes = routes("""
          - {name: app, bucket: my-logs, match: "app.**", continue: true}
          - {name: web, bucket: my-logs, match: "*.web"}
          - {name: rest, bucket: my-logs, match: "**"}
        """);

    assertThat(routes.outputsFor("app.web")).containsExactly("app", "web");
    assertThat(routes.outputsFor("app.api")).containsExactly("app", "rest");
  }

  @Test
  void aContinueOutputFollowedByACatchAllCopiesItsTagsAndLeavesTheRestToTheCatchAll() throws ConfigException {
    OutputRoutes routes = routes("""
          - {name: audit, bucket: my-logs, match: "audit.**", continue: true}
          - {name: app, bucket: my-logs, match: "app.**"}
          - {name: rest, bucket: my-logs, match: "**"}
        """);

    assertThat(routes.outputsFor("audit.login")).containsExactly("audit", "rest");
    assertThat(routes.outputsFor("app.web")).containsExactly("app");
    assertThat(routes.outputsFor("db.slow")).containsExactly("rest");
  }

  @Test
  void aTagNoOutputMatchesGoesNowhere() throws ConfigException {
    assertThat(routes("  - {name: app, bucket: my-logs, match: \"app.**\"}\n").outputsFor("db.slow")).isEmpty();
  }

  @Test
  void eachOutputsRouteTakesWhatTheRoutesSendIt() throws ConfigException {
    OutputRoutes routes = routes("""
          - {name: audit, bucket: my-logs, match: "audit.**", continue: true}
          - {name: app, bucket: my-logs, match: "app.** audit.login"}
          - {name: rest, bucket: my-logs, match: "**"}
        """);

    for (String tag : List.of("audit.login", "audit.logout", "app.web", "db.slow", "app", "")) {
      for (String output : List.of("audit", "app", "rest")) {
        assertThat(routes.routeOf(output).takes(tag)).as(output + " takes " + tag)
            .isEqualTo(routes.outputsFor(tag).contains(output));
      }
    }
  }

  @Test
  void anOutputTheRoutesDoNotHaveTakesNothing() throws ConfigException {
    assertThat(routes("  - {name: rest, bucket: my-logs}\n").routeOf("gone").takes("app.web")).isFalse();
  }

  @Test
  void continueIsFalseByDefaultAndReadFromTheContinueKey() throws ConfigException {
    List<OutputConfig> outputs = parse("""
          - {name: copied, bucket: my-logs, continue: true}
          - {name: plain, bucket: my-logs}
        """).outputs();

    assertThat(outputs).extracting(OutputConfig::continueMatching).containsExactly(true, false);
  }

  @Test
  void configShowPrintsTheContinueKey() throws ConfigException {
    String shown = ConfigPrinter.toYaml(parse("  - {name: copied, bucket: my-logs, continue: true}\n"));

    assertThat(shown).contains("continue: true").doesNotContain("continue_matching");
  }

  @Test
  void routesDifferWhenAnOutputsContinueOrTheOrderDiffers() throws ConfigException {
    String app = "  - {name: app, bucket: my-logs, match: \"app.**\"}\n";
    String rest = "  - {name: rest, bucket: my-logs}\n";

    assertThat(routes(app + rest)).isEqualTo(routes(app + rest));
    assertThat(routes(app + rest)).isNotEqualTo(routes(rest + app));
    assertThat(routes(app.replace("}", ", continue: true}") + rest)).isNotEqualTo(routes(app + rest));
  }
}
