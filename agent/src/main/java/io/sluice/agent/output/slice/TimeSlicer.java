package io.sluice.agent.output.slice;

import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.SliceConfig;
import io.sluice.config.output.SliceConfig.SliceTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Decides the time slice of each record of one output: the span of the key template's finest time field, in the
 * slice zone, that holds its event time (or its arrival time with {@code slice.time: arrival}, or when its event time
 * lies outside the window around its arrival). A slice is named by its start in Unix seconds. Not thread-safe: it
 * remembers the last slice, which most records share.
 */
public final class TimeSlicer {

  /** The one slice of a template without time fields. */
  public static final long SINGLE_SLICE = 0;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final ChronoUnit unit;
  private final ZoneId zone;
  private final boolean byArrival;
  private final long maxPastNanos;
  private final long maxFutureNanos;
  private long cachedStart = 1;
  private long cachedEnd = 0;
  private WindowSide lastSide = WindowSide.WITHIN;

  /** The slicer of an output with {@code template} and {@code config}. */
  public TimeSlicer(KeyTemplate template, SliceConfig config) {
    this.unit = template.sliceUnit().orElse(null);
    this.zone = config.zoneId();
    this.byArrival = config.time() == SliceTime.ARRIVAL;
    this.maxPastNanos = saturatedNanos(config.maxPast().getSeconds());
    this.maxFutureNanos = saturatedNanos(config.maxFuture().getSeconds());
  }

  /**
   * The slice of a record with event time {@code eventNanos} whose batch was appended at {@code arrivalMillis}; the
   * side of the window its event time lay on is then {@link #lastSide()}.
   */
  public long sliceOf(long eventNanos, long arrivalMillis) {
    lastSide = WindowSide.WITHIN;
    if (unit == null) {
      return SINGLE_SLICE;
    }
    long arrivalNanos = arrivalMillis * NANOS_PER_MILLI;
    if (byArrival) {
      return sliceAt(Math.floorDiv(arrivalNanos, NANOS_PER_SECOND));
    }
    lastSide = sideOf(eventNanos, arrivalNanos);
    long nanos = lastSide == WindowSide.WITHIN ? eventNanos : arrivalNanos;
    return sliceAt(Math.floorDiv(nanos, NANOS_PER_SECOND));
  }

  /** Where the event time of the record last given to {@link #sliceOf} lay against its arrival's window. */
  public WindowSide lastSide() {
    return lastSide;
  }

  private WindowSide sideOf(long eventNanos, long arrivalNanos) {
    // Zero and negative times are the epoch's or before it: a missing or broken time, never a 1969 key.
    if (eventNanos <= 0 || eventNanos < arrivalNanos - maxPastNanos) {
      return WindowSide.PAST;
    }
    if (eventNanos - arrivalNanos > maxFutureNanos) {
      return WindowSide.FUTURE;
    }
    return WindowSide.WITHIN;
  }

  /** The start of the slice holding {@code epochSecond}. */
  private long sliceAt(long epochSecond) {
    if (epochSecond >= cachedStart && epochSecond < cachedEnd) {
      return cachedStart;
    }
    ZonedDateTime time = Instant.ofEpochSecond(epochSecond).atZone(zone);
    ZonedDateTime start = switch (unit) {
      case YEARS -> time.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
      case MONTHS -> time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
      default -> time.truncatedTo(unit);
    };
    cachedStart = start.toEpochSecond();
    cachedEnd = start.plus(1, unit).toEpochSecond();
    return cachedStart;
  }

  private static long saturatedNanos(long seconds) {
    return seconds > Long.MAX_VALUE / NANOS_PER_SECOND / 4 ? Long.MAX_VALUE / 4 : seconds * NANOS_PER_SECOND;
  }
}
