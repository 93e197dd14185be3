package io.sluice.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoaderIsolationSettingsTest {

  private static final String OUTPUT = "outputs: [{name: a, type: local, directory: /tmp/x}]\n";

  private SluiceConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of()).parse("test.yaml", yaml, Path.of("."));
  }

  private List<ConfigProblem> problemsOf(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void clusterConcurrencyAndOutageBackoffDefaultToTwoLoadsAndOneMinute() throws ConfigException {
    LoaderConfig loader = parse(OUTPUT).loader();

    assertThat(loader.clusterConcurrency()).isEqualTo(2);
    assertThat(loader.outageBackoffMax()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void clusterConcurrencyAndOutageBackoffAreRead() throws ConfigException {
    LoaderConfig loader = parse(OUTPUT + "loader: {cluster_concurrency: 3, outage_backoff_max: 5s}\n").loader();

    assertThat(loader.clusterConcurrency()).isEqualTo(3);
    assertThat(loader.outageBackoffMax()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void clusterConcurrencyBelowOneIsAProblem() {
    assertThat(problemsOf(OUTPUT + "loader: {cluster_concurrency: 0}\n")).singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("loader.cluster_concurrency"));
  }

  @Test
  void zeroOutageBackoffIsAProblem() {
    assertThat(problemsOf(OUTPUT + "loader: {outage_backoff_max: 0s}\n")).singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("loader.outage_backoff_max"));
  }

  @Test
  void receiptsTableOffWrittenBareSwitchesReceiptsOff() throws ConfigException {
    assertThat(parse(OUTPUT + "loader: {receipts_table: off}\n").loader().receipts()).isFalse();
  }
}
