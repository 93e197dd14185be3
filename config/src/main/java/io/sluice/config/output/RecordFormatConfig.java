package io.sluice.config.output;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.util.Locale;

/**
 * How a record becomes one JSON line: its keys as they came, plus the tag and time under these keys; and how the
 * file of those lines is stored.
 *
 * @param tagKey the key the tag is written under; empty to leave it out
 * @param timeKey the key the event time is written under; empty to leave it out
 * @param timeFormat how the time is written
 * @param compression how each file is stored: plain JSON lines, or one gzip member of them (fluent-plugin-s3's
 *     {@code store_as gzip})
 */
public record RecordFormatConfig(String tagKey, String timeKey, TimeFormat timeFormat, Compression compression)
    implements Validatable {

  /** How the event time is written. */
  public enum TimeFormat {
    /** ISO-8601 UTC with milliseconds, {@code 2026-11-25T15:11:49.123Z}, which Redshift's TIMEFORMAT 'auto' reads. */
    ISO8601,
    /** Seconds since the epoch with a fraction, {@code 1764083509.123456789}. */
    EPOCH
  }

  /** How an output's files are stored, and the {@code %{file_extension}} their keys end with. */
  public enum Compression {
    /** Plain JSON lines, keys ending {@code .json}. */
    NONE("json"),
    /** One gzip member of the JSON lines, keys ending {@code .json.gz}; COPY needs its {@code GZIP} option. */
    GZIP("json.gz");

    private final String fileExtension;

    Compression(String fileExtension) {
      this.fileExtension = fileExtension;
    }

    /** What {@code %{file_extension}} renders: {@code json} or {@code json.gz}. */
    public String fileExtension() {
      return fileExtension;
    }

    /**
     * How the file under {@code key} is stored. Config check makes every gzip output's keys end {@code .gz} and no
     * other output's, so a journaled key tells a rebuild after a crash how its file was written.
     */
    public static Compression ofKey(String key) {
      return key.toLowerCase(Locale.ROOT).endsWith(".gz") ? GZIP : NONE;
    }
  }

  public RecordFormatConfig {
    tagKey = tagKey != null ? tagKey : "tag";
    timeKey = timeKey != null ? timeKey : "time";
    timeFormat = timeFormat != null ? timeFormat : TimeFormat.ISO8601;
    compression = compression != null ? compression : Compression.NONE;
  }

  /** The line format with plain (uncompressed) files. */
  public RecordFormatConfig(String tagKey, String timeKey, TimeFormat timeFormat) {
    this(tagKey, timeKey, timeFormat, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    if (!tagKey.isEmpty() && tagKey.equals(timeKey)) {
      problems.add(ConfigPaths.child(path, "time_key"), "tag_key and time_key cannot be the same key");
    }
  }
}
