package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.fuzz.Allocations;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

  @Test
  void withoutParameterOrKeyTheArrivalTimeIsUsedToTheNanosecond() throws Exception {
    EventTimes times = EventTimes.forRequest(null, null, ARRIVAL);

    assertThat(times.fallback()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(times.timeKey()).isNull();
  }

  @Test
  void theTimeParameterKeepsNanosecondsAndOverridesTheTimeKey() throws Exception {
    EventTimes times = EventTimes.forRequest("1700000001.987654321", "ts", ARRIVAL);

    assertThat(times.fallback()).isEqualTo(1_700_000_001_987_654_321L);
    assertThat(times.timeKey()).isNull();
  }

  @Test
  void anIntegerTimeParameterIsWholeSeconds() throws Exception {
    assertThat(EventTimes.forRequest("1700000001", null, ARRIVAL).fallback()).isEqualTo(1_700_000_001_000_000_000L);
  }

  @Test
  void aTimeParameterThatIsNotANumberIsTheArrivalTimeAsFluentdReadsIt() throws Exception {
    // Fluentd 1.14 in_http.rb: params['time'].to_f, and 0.0 (what to_f makes of "yesterday") means now.
    assertThat(EventTimes.forRequest("yesterday", null, ARRIVAL).fallback())
        .isEqualTo(EventTimes.forRequest(null, null, ARRIVAL).fallback());
  }

  @Test
  void aZeroTimeParameterIsTheArrivalTime() throws Exception {
    assertThat(EventTimes.forRequest("0", null, ARRIVAL).fallback())
        .isEqualTo(EventTimes.forRequest(null, null, ARRIVAL).fallback());
  }

  @Test
  void aTimeParameterIsReadUpToItsLeadingNumberAsRubysToF() throws Exception {
    assertThat(EventTimes.forRequest(" 1700000001.5s", null, ARRIVAL).fallback())
        .isEqualTo(1_700_000_001_500_000_000L);
  }

  @Test
  void aHugeExponentIsRejectedWithoutBeingExpanded() {
    assertThatThrownBy(() -> EventTimes.forRequest("1e999999999", null, ARRIVAL))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void aNumericKeyValueIsEpochSeconds() throws Exception {
    EventTimes times = EventTimes.forRequest(null, "ts", ARRIVAL);

    assertThat(times.ofSeconds(new BigDecimal("1700000002.000000001"), "the object"))
        .isEqualTo(1_700_000_002_000_000_001L);
  }

  @Test
  void anIsoKeyValueWithOffsetKeepsNanoseconds() throws Exception {
    EventTimes times = EventTimes.forRequest(null, "ts", ARRIVAL);

    assertThat(times.ofText("2023-11-14T23:13:20.123456789+01:00", "the object"))
        .isEqualTo(1_700_000_000_123_456_789L);
  }

  @Test
  void aNumericStringKeyValueIsEpochSeconds() throws Exception {
    EventTimes times = EventTimes.forRequest(null, "ts", ARRIVAL);

    assertThat(times.ofText("1700000000.5", "the object")).isEqualTo(1_700_000_000_500_000_000L);
  }

  @Test
  void anIsoKeyValueWithoutOffsetIsRejectedNamingTheRecord() throws Exception {
    EventTimes times = EventTimes.forRequest(null, "ts", ARRIVAL);

    assertThatThrownBy(() -> times.ofText("2023-11-14T22:13:20", "element 2 of the array"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("element 2 of the array: time_key \"ts\" holds \"2023-11-14T22:13:20\", expected");
  }

  @Test
  void aHugeExponentInATimeKeyIsRefusedWithoutBeingWrittenOut() throws Exception {
    // Found by HttpBodyFuzzTest: {"time":1E64083509} in a 68-byte body allocated 192 MB for the error message.
    EventTimes times = EventTimes.forRequest(null, "time", ARRIVAL);

    Allocations.bounded("refusing 1E64083509", 1024 * 1024, () -> assertThatThrownBy(
        () -> times.ofSeconds(new BigDecimal("1E64083509"), "record 1"))
        .hasMessage("record 1: time_key \"time\" holds 1E+64083509, which is out of range for epoch seconds"));
  }

  @Test
  void aTimeBelowANanosecondIsZeroWithoutScalingItsExponent() throws Exception {
    EventTimes times = EventTimes.forRequest(null, "time", ARRIVAL);

    Allocations.bounded("reading 1E-64083509", 1024 * 1024, () -> {
      try {
        assertThat(times.ofSeconds(new BigDecimal("1E-64083509"), "record 1")).isZero();
        assertThat(times.ofSeconds(new BigDecimal("-1E-64083509"), "record 1")).isEqualTo(-1);
      } catch (BadRequestException e) {
        throw new AssertionError(e);
      }
    });
  }
}
