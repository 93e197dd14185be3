package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.CheckedConfig;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.output.UnreachableOutputs.Unreachable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config check} warns about an output no record can reach, and only when that is certain: a false warning
 * would teach operators to ignore the real ones.
 */
class UnreachableOutputsTest {

  @TempDir
  Path dir;

  /** Outputs with these match patterns in this order; a pattern ending in " +" sets continue: true. */
  private static List<OutputConfig> outputs(String... matches) {
    List<OutputConfig> outputs = new ArrayList<>();
    for (int i = 0; i < matches.length; i++) {
      boolean continues = matches[i].endsWith(" +");
      String match = continues ? matches[i].substring(0, matches[i].length() - 2) : matches[i];
      outputs.add(new OutputConfig("o" + i, OutputConfig.OutputType.LOCAL, match, continues, null, Path.of("out"),
          null, null, null, null, null, null, null, null, null, null, null));
    }
    return outputs;
  }

  private static List<Unreachable> unreachable(String... matches) {
    return UnreachableOutputs.in(outputs(matches));
  }

  private List<ConfigProblem> warnings(String outputsYaml) throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), "outputs:\n" + outputsYaml);
    CheckedConfig checked = new ConfigLoader(Map.of()).check(file);
    return checked.warnings();
  }

  @Test
  void anOutputAfterACatchAllIsWarnedAboutNamingTheCatchAllAndTheWaysOut() throws Exception {
    List<ConfigProblem> warnings = warnings("""
          - name: everything
            bucket: my-logs
          - name: audit
            bucket: my-logs
            match: "audit.**"
        """);

    assertThat(warnings).extracting(ConfigProblem::toString).containsExactly(
        dir.resolve("sluice.yaml") + ":6:12: outputs[1].match: no record reaches output \"audit\": every tag its"
            + " match \"audit.**\" matches is taken first by output \"everything\" (match \"**\"), and the first"
            + " matching output takes a record (as Fluentd's <match>); set continue: true on \"everything\" to send"
            + " those records on as well, or move \"audit\" before it");
  }

  @Test
  void twoOutputsWithoutMatchShadowTheSecondAtItsEntry() throws Exception {
    List<ConfigProblem> warnings = warnings("""
          - {name: first, bucket: my-logs}
          - {name: second, bucket: my-logs}
        """);

    assertThat(warnings).singleElement().satisfies(warning -> {
      assertThat(warning.path()).isEqualTo("outputs[1].match");
      assertThat(warning.line()).isEqualTo(3);
    });
  }

  @Test
  void anEarlierOutputWithContinueShadowsNothing() throws Exception {
    assertThat(warnings("""
          - {name: copy, bucket: my-logs, continue: true}
          - {name: second, bucket: my-logs}
        """)).isEmpty();
  }

  @Test
  void anEarlierCatchAllShadowsEveryLaterPattern() {
    assertThat(unreachable("**", "app.web", "*.web {a,b}.x", "**")).extracting(Unreachable::index)
        .containsExactly(1, 2, 3);
  }

  @Test
  void anIdenticalEarlierPatternShadows() {
    assertThat(unreachable("*.web", "*.web")).singleElement().isEqualTo(new Unreachable(1, List.of(0)));
  }

  @Test
  void anEarlierPrefixPatternShadowsEveryPatternUnderThatPrefix() {
    assertThat(unreachable("app.**", "app.web", "app.*", "app.**", "app", "app.{web,api}.**", "app.**.error"))
        .extracting(Unreachable::index).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void aLiteralTagIsShadowedByAnyEarlierPatternThatMatchesIt() {
    assertThat(unreachable("*.web", "app.web")).extracting(Unreachable::index).containsExactly(1);
    assertThat(unreachable("{app,db}.{web,slow}", "db.slow")).extracting(Unreachable::index).containsExactly(1);
    assertThat(unreachable("a*.**", "ab.x")).extracting(Unreachable::index).containsExactly(1);
  }

  @Test
  void eachPartOfAPatternMayBeShadowedByADifferentEarlierOutput() {
    assertThat(unreachable("app.**", "db.**", "app.web db.slow")).containsExactly(new Unreachable(2, List.of(0, 1)));
  }

  @Test
  void aPatternWithOnePartNoEarlierOutputCoversIsReachable() {
    assertThat(unreachable("app.**", "app.web db.slow")).isEmpty();
  }

  @Test
  void noWarningWhereSomeTagStillReachesTheOutput() {
    assertThat(unreachable("app.web", "app.**")).as("a narrower pattern first").isEmpty();
    assertThat(unreachable("app.*", "app.**")).as("app.a.b").isEmpty();
    assertThat(unreachable("app.**", "application.web")).as("a longer first part").isEmpty();
    assertThat(unreachable("app.**", "appx")).isEmpty();
    assertThat(unreachable("app.**", "{app,db}.web")).as("db.web").isEmpty();
    assertThat(unreachable("*.web", "app.*")).as("app.api").isEmpty();
    assertThat(unreachable("*", "*.*")).isEmpty();
    assertThat(unreachable("app.*", "app.*.x")).isEmpty();
  }

  @Test
  void aWildcardPrefixIsNotTakenForALiteralOne() {
    assertThat(unreachable("a*.**", "ab.*")).as("a cover this check cannot prove is left alone").isEmpty();
  }

  @Test
  void outputsAfterOnlyContinueOutputsAreReachable() {
    assertThat(unreachable("** +", "app.** +", "app.web")).isEmpty();
  }
}
