package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing changes are reloadable output changes, named by their YAML keys. */
class ConfigChangesTest {

  private static SluiceConfig config(String outputs) throws Exception {
    return new ConfigLoader(Map.of()).parse("test.yaml", "outputs:\n" + outputs, Path.of("."));
  }

  private static final String APP = "  - {name: app, type: local, directory: app, match: \"app.**\"}\n";
  private static final String REST = "  - {name: rest, type: local, directory: rest}\n";

  @Test
  void aChangedContinueIsAppliedUnderItsYamlKey() throws Exception {
    ConfigChanges changes = ConfigChanges.between(config(APP + REST),
        config(APP.replace("}", ", continue: true}") + REST));

    assertThat(changes.applied()).containsExactly("outputs[app].continue");
    assertThat(changes.needRestart()).isEmpty();
    assertThat(changes.outputsChanged()).isTrue();
  }

  @Test
  void outputsInANewOrderAreAnAppliedChange() throws Exception {
    ConfigChanges changes = ConfigChanges.between(config(APP + REST), config(REST + APP));

    assertThat(changes.applied()).containsExactly("outputs.order");
    assertThat(changes.needRestart()).isEmpty();
    assertThat(changes.outputsChanged()).isTrue();
  }
}
