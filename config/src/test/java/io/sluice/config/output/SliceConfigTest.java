package io.sluice.config.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.output.SliceConfig.SliceTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code outputs[].slice} section: how records are cut into the time slices their files' keys name. */
class SliceConfigTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private SliceConfig slice(String section) throws ConfigException {
    return loader.parse("test.yaml", """
        outputs:
          - name: main
            bucket: my-logs
        """ + section, Path.of(".")).outputs().get(0).slice();
  }

  private ConfigException refused(String section) {
    return catchThrowableOfType(ConfigException.class, () -> slice(section));
  }

  @Test
  void byDefaultEventTimeInUtcWith64OpenSlicesAndAWindowOf30DaysBackAndOneDayAhead() throws ConfigException {
    SliceConfig slice = slice("");

    assertThat(slice.time()).isEqualTo(SliceTime.EVENT);
    assertThat(slice.zoneId()).isEqualTo(ZoneId.of("UTC"));
    assertThat(slice.maxOpen()).isEqualTo(64);
    assertThat(slice.maxPast()).isEqualTo(Duration.ofDays(30));
    assertThat(slice.maxFuture()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void everyKeyIsReadFromYaml() throws ConfigException {
    SliceConfig slice = slice("""
            slice:
              time: arrival
              zone: Europe/Paris
              max_open: 8
              max_past: 2h
              max_future: 10m
        """);

    assertThat(slice).isEqualTo(new SliceConfig(SliceTime.ARRIVAL, "Europe/Paris", 8, Duration.ofHours(2),
        Duration.ofMinutes(10)));
    assertThat(slice.zoneId()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void localIsTheSystemsDefaultZone() throws ConfigException {
    assertThat(slice("    slice:\n      zone: local\n").zoneId()).isEqualTo(ZoneId.systemDefault());
  }

  @Test
  void aFixedOffsetIsAZoneToo() throws ConfigException {
    assertThat(slice("    slice:\n      zone: \"+09:00\"\n").zoneId()).isEqualTo(ZoneOffset.ofHours(9));
  }

  @Test
  void anUnknownZoneIsRefused() {
    assertThat(refused("    slice:\n      zone: Mars/Olympus\n").problems()).extracting(ConfigProblem::path)
        .containsExactly("outputs[0].slice.zone");
  }

  @Test
  void anUnknownTimeIsRefused() {
    assertThat(refused("    slice:\n      time: upload\n").problems()).extracting(ConfigProblem::path)
        .containsExactly("outputs[0].slice.time");
  }

  @Test
  void noOpenSliceIsRefused() {
    assertThat(refused("    slice:\n      max_open: 0\n").problems()).extracting(ConfigProblem::path)
        .containsExactly("outputs[0].slice.max_open");
  }

  @Test
  void anEmptyWindowIsRefusedOnEitherSide() {
    assertThat(refused("    slice:\n      max_past: 0s\n      max_future: 0s\n").problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("outputs[0].slice.max_past", "outputs[0].slice.max_future");
  }
}
