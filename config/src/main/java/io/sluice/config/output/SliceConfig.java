package io.sluice.config.output;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How an output cuts its records into time slices: every file holds the records of one slice, the key template's
 * finest time field (a template without time fields has one slice).
 *
 * @param time whose time decides a record's slice: its event time, or when its batch was appended to the buffer
 * @param zone the zone the slices and the key's time fields are in: an IANA zone id such as {@code Europe/Paris},
 *     or {@code local} for the system's default zone; UTC by default
 * @param maxOpen how many slice files an output keeps open at once; beyond it the one of the oldest slice is sealed
 * @param maxPast a record whose event time is more than this before its arrival goes into its arrival's slice
 * @param maxFuture a record whose event time is more than this after its arrival goes into its arrival's slice
 */
public record SliceConfig(SliceTime time, String zone, Integer maxOpen, Duration maxPast, Duration maxFuture)
    implements Validatable {

  /** The {@code zone} value that means the system's default zone, as fluent-plugin-s3's local time. */
  public static final String LOCAL_ZONE = "local";
  /** Open files cost a descriptor and a write buffer each; far more than this is a configuration mistake. */
  static final int MAX_OPEN_LIMIT = 4096;

  /** Whose time decides a record's slice. */
  public enum SliceTime {
    /** The record's own time, as fluent-plugin-s3's time slices. */
    EVENT,
    /** When the record's batch was appended to the buffer. */
    ARRIVAL
  }

  public SliceConfig {
    time = time != null ? time : SliceTime.EVENT;
    zone = zone != null ? zone : "UTC";
    maxOpen = maxOpen != null ? maxOpen : 64;
    maxPast = maxPast != null ? maxPast : Duration.ofDays(30);
    maxFuture = maxFuture != null ? maxFuture : Duration.ofDays(1);
  }

  /** The defaults: event time, UTC, 64 open slices, a window of 30 days back and 1 day ahead. */
  public static SliceConfig defaults() {
    return new SliceConfig(null, null, null, null, null);
  }

  /**
   * The zone the slices are in.
   *
   * @throws DateTimeException when {@code zone} names no zone (which {@link #validate} reports first)
   */
  public ZoneId zoneId() {
    return LOCAL_ZONE.equals(zone) ? ZoneId.systemDefault() : ZoneId.of(zone);
  }

  @Override
  public void validate(String path, Problems problems) {
    try {
      zoneId();
    } catch (DateTimeException e) {
      problems.add(ConfigPaths.child(path, "zone"), "\"" + zone + "\" is not a time zone: use an IANA zone id such"
          + " as UTC or Europe/Paris, or local for the system's zone");
    }
    problems.check(maxOpen >= 1 && maxOpen <= MAX_OPEN_LIMIT, ConfigPaths.child(path, "max_open"),
        "must be between 1 and " + MAX_OPEN_LIMIT + ", got " + maxOpen);
    problems.check(!maxPast.isNegative() && !maxPast.isZero(), ConfigPaths.child(path, "max_past"),
        "must be positive, got " + maxPast);
    problems.check(!maxFuture.isNegative() && !maxFuture.isZero(), ConfigPaths.child(path, "max_future"),
        "must be positive, got " + maxFuture);
  }
}
