package io.sluice.agent.output.slice;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.SliceConfig;
import io.sluice.config.output.SliceConfig.SliceTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The slice of a record: the span of the template's finest time field, in the slice zone, that holds its time. */
class TimeSlicerTest {

  private static final String HOURLY = KeyTemplate.DEFAULT;
  private static final long ARRIVAL = Instant.parse("2026-11-25T16:00:00Z").toEpochMilli();

  private static TimeSlicer slicer(String template, String zone) {
    return new TimeSlicer(KeyTemplate.parse(template), new SliceConfig(null, zone, null, null, null));
  }

  private static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  private static long seconds(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  @Test
  void anHourlyTemplateSlicesByTheHourOfTheEventTime() {
    TimeSlicer slicer = slicer(HOURLY, "UTC");

    assertThat(slicer.sliceOf(nanos("2026-11-25T15:59:59.999999999Z"), ARRIVAL))
        .isEqualTo(seconds("2026-11-25T15:00:00Z"));
    assertThat(slicer.sliceOf(nanos("2026-11-25T15:00:00Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T15:00:00Z"));
    assertThat(slicer.sliceOf(nanos("2026-11-25T14:59:59Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T14:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.WITHIN);
  }

  @Test
  void aZoneWithAHalfHourOffsetSlicesAtItsOwnHours() {
    TimeSlicer slicer = slicer(HOURLY, "Asia/Kolkata");

    // 15:20Z is 20:50 in India: the slice is 20:00 there, 14:30Z.
    assertThat(slicer.sliceOf(nanos("2026-11-25T15:20:00Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T14:30:00Z"));
  }

  @Test
  void monthAndYearTemplatesSliceByTheMonthAndYearOfTheZone() {
    String monthly = "%{prefix}/%Y/%m/%{hostname}-%{sequence}";
    String yearly = "%{prefix}/%Y/%{hostname}-%{sequence}";
    long arrival = Instant.parse("2026-01-01T00:30:00Z").toEpochMilli();

    // 2026-01-01T00:30Z is still 2025-12-31 in New York.
    assertThat(slicer(monthly, "America/New_York").sliceOf(nanos("2026-01-01T00:30:00Z"), arrival))
        .isEqualTo(seconds("2025-12-01T05:00:00Z"));
    assertThat(slicer(yearly, "UTC").sliceOf(nanos("2026-01-01T00:30:00Z"), arrival))
        .isEqualTo(seconds("2026-01-01T00:00:00Z"));
  }

  @Test
  void theTwoHoursOneOClockOfADaylightSavingChangeAreTwoSlices() {
    TimeSlicer slicer = slicer(HOURLY, "Europe/Paris");
    long arrival = Instant.parse("2026-10-25T01:30:00Z").toEpochMilli();

    // On 2026-10-25, 02:00-03:00 Paris time happens twice: 00:00Z-01:00Z and 01:00Z-02:00Z.
    long first = slicer.sliceOf(nanos("2026-10-25T00:30:00Z"), arrival);
    long second = slicer.sliceOf(nanos("2026-10-25T01:30:00Z"), arrival);

    assertThat(first).isEqualTo(seconds("2026-10-25T00:00:00Z"));
    assertThat(second).isEqualTo(seconds("2026-10-25T01:00:00Z"));
  }

  @Test
  void timesOutsideTheWindowTakeTheArrivalsSliceAndSaySide() {
    TimeSlicer slicer = new TimeSlicer(KeyTemplate.parse(HOURLY),
        new SliceConfig(null, null, null, Duration.ofHours(1), Duration.ofMinutes(10)));

    assertThat(slicer.sliceOf(nanos("2026-11-25T14:59:59Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T16:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.PAST);
    assertThat(slicer.sliceOf(nanos("2026-11-25T16:10:01Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T16:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.FUTURE);
    assertThat(slicer.sliceOf(nanos("2026-11-25T15:00:00Z"), ARRIVAL)).isEqualTo(seconds("2026-11-25T15:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.WITHIN);
  }

  @Test
  void theEpochAndEarlierAreAlwaysPastEvenWithAHugeWindow() {
    TimeSlicer slicer = new TimeSlicer(KeyTemplate.parse(HOURLY),
        new SliceConfig(null, null, null, Duration.ofDays(365 * 200), null));

    assertThat(slicer.sliceOf(0, ARRIVAL)).isEqualTo(seconds("2026-11-25T16:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.PAST);
    assertThat(slicer.sliceOf(Long.MIN_VALUE, ARRIVAL)).isEqualTo(seconds("2026-11-25T16:00:00Z"));
    assertThat(slicer.sliceOf(nanos("1999-12-31T23:59:59Z"), ARRIVAL)).isEqualTo(seconds("1999-12-31T23:00:00Z"));
  }

  @Test
  void byArrivalEveryRecordTakesTheArrivalsSliceAndNoneIsOutOfTheWindow() {
    TimeSlicer slicer = new TimeSlicer(KeyTemplate.parse(HOURLY),
        new SliceConfig(SliceTime.ARRIVAL, null, null, null, null));

    assertThat(slicer.sliceOf(nanos("2023-11-14T22:13:20Z"), ARRIVAL + 59 * 60_000))
        .isEqualTo(seconds("2026-11-25T16:00:00Z"));
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.WITHIN);
  }

  @Test
  void aTemplateWithoutTimeFieldsHasOneSlice() {
    TimeSlicer slicer = slicer("%{prefix}/%{tag}/%{hostname}-%{sequence}.json", "UTC");

    assertThat(slicer.sliceOf(nanos("2026-11-25T15:00:00Z"), ARRIVAL)).isEqualTo(TimeSlicer.SINGLE_SLICE);
    assertThat(slicer.sliceOf(-1, ARRIVAL)).isEqualTo(TimeSlicer.SINGLE_SLICE);
    assertThat(slicer.lastSide()).isEqualTo(WindowSide.WITHIN);
  }
}
