package io.sluice.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end benchmark's parts that can go wrong without a run: what it reads, writes and computes. */
class EndToEndHarnessTest {

  @TempDir
  Path temp;

  @Test
  void a_missing_generator_is_named_with_the_option_that_replaces_it() {
    Path missing = temp.resolve("fwdgen.py");

    assertThatThrownBy(() -> EndToEndOptions.parse(new String[] {"--fwdgen", missing.toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("--fwdgen");
  }

  @Test
  void records_must_be_whole_messages() {
    assertThatThrownBy(() -> EndToEndOptions.parse(new String[] {"--records", "1500"}))
        .hasMessageContaining("multiple of --batch");
  }

  @Test
  void the_agent_config_is_valid_and_keeps_the_shipped_fsync_policy() throws Exception {
    EndToEndOptions options = options("interval");

    SluiceConfig config = new ConfigLoader(Map.of()).parse("<e2e>",
        AgentProcess.config(options, temp, 24224, 24220), temp);

    assertThat(config.buffer().fsync().toString()).isEqualToIgnoringCase("interval");
    assertThat(config.buffer().fsyncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.outputs()).hasSize(1);
  }

  @Test
  void an_fsync_option_replaces_the_shipped_policy() throws Exception {
    SluiceConfig config = new ConfigLoader(Map.of()).parse("<e2e>",
        AgentProcess.config(options("never"), temp, 24224, 24220), temp);

    assertThat(config.buffer().fsync().toString()).isEqualToIgnoringCase("never");
  }

  @Test
  void memory_figures_come_from_the_status_lines_in_kib() {
    String status = "Name:\tjava\nVmHWM:\t  970000 kB\nVmRSS:\t  800000 kB\nRssAnon:\t  288000 kB\n"
        + "RssFile:\t  512000 kB\n";

    assertThat(ProcStatus.parse(status)).isEqualTo(new ProcStatus(800_000, 288_000, 970_000));
  }

  @Test
  void cpu_time_is_user_plus_system_ticks_even_with_spaces_in_the_command_name() {
    String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 40 0 100 0 0";

    assertThat(ProcCpu.parse(stat)).isEqualTo(18.0);
  }

  @Test
  void a_counter_is_summed_over_its_labels_and_not_confused_with_a_longer_name() {
    String exposition = """
        # HELP sluice_output_shipped_records_total Records in files the store confirmed
        # TYPE sluice_output_shipped_records_total counter
        sluice_output_shipped_records_total{destination="a"} 1000.0
        sluice_output_shipped_records_total{destination="b"} 2.5E3
        sluice_output_shipped_records_total_other{destination="a"} 7.0
        """;

    assertThat(PrometheusText.sum(exposition, "sluice_output_shipped_records_total")).isEqualTo(3_500.0);
  }

  @Test
  void the_steady_rate_spans_the_samples_where_20_and_80_percent_were_shipped() {
    List<Sample> samples = List.of(sample(0, 0), sample(1, 100), sample(2, 250), sample(3, 500), sample(5, 850),
        sample(9, 1_000));

    // From 250 records at 2 s to 850 at 5 s.
    assertThat(RunFigures.steadyRate(samples, 1_000)).isEqualTo(200.0);
  }

  @Test
  void the_first_file_is_the_first_sample_with_a_shipped_record() {
    List<Sample> samples = List.of(sample(1, 0), sample(2, 0), sample(3, 860), sample(4, 1_000));

    assertThat(RunFigures.firstFileSeconds(samples, 1_000_000_000L)).isEqualTo(2.0);
  }

  private static Sample sample(long seconds, double shipped) {
    return new Sample(seconds * 1_000_000_000L, shipped, 0, 0);
  }

  private EndToEndOptions options(String fsync) {
    return new EndToEndOptions(6_000, 1, 1_000, 8, temp.resolve("fwdgen.py"), Path.of("/usr/bin/python3"), temp,
        temp, fsync, Duration.ofSeconds(1), 1, 1 << 20);
  }
}
