package io.sluice.config.output;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * How a record becomes one JSON line: its keys as they came, plus the tag and time under these keys.
 *
 * @param tagKey the key the tag is written under; empty to leave it out
 * @param timeKey the key the event time is written under; empty to leave it out
 * @param timeFormat how the time is written
 */
public record RecordFormatConfig(String tagKey, String timeKey, TimeFormat timeFormat) implements Validatable {

  /** How the event time is written. */
  public enum TimeFormat {
    /** ISO-8601 UTC with milliseconds, {@code 2026-11-25T15:11:49.123Z}, which Redshift's TIMEFORMAT 'auto' reads. */
    ISO8601,
    /** Seconds since the epoch with a fraction, {@code 1764083509.123456789}. */
    EPOCH
  }

  public RecordFormatConfig {
    tagKey = tagKey != null ? tagKey : "tag";
    timeKey = timeKey != null ? timeKey : "time";
    timeFormat = timeFormat != null ? timeFormat : TimeFormat.ISO8601;
  }

  @Override
  public void validate(String path, Problems problems) {
    if (!tagKey.isEmpty() && tagKey.equals(timeKey)) {
      problems.add(ConfigPaths.child(path, "time_key"), "tag_key and time_key cannot be the same key");
    }
  }
}
