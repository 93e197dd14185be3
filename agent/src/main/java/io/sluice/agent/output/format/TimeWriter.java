package io.sluice.agent.output.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.config.output.RecordFormatConfig.TimeFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes an event time as {@link TimeFormat} says: an ISO-8601 UTC string with millis, or epoch seconds. */
final class TimeWriter {

  // Millis are truncated, not rounded, so a time never moves into the next second (or day, or key path).
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int NANOS_SCALE = 9;

  private final TimeFormat format;

  TimeWriter(TimeFormat format) {
    this.format = format;
  }

  void write(JsonGenerator generator, long epochNanos) throws IOException {
    if (format == TimeFormat.ISO8601) {
      generator.writeString(text(epochNanos));
    } else {
      generator.writeNumber(text(epochNanos));
    }
  }

  /** The time as text, as a map key that is a time is written. */
  String text(long epochNanos) {
    return format == TimeFormat.ISO8601 ? ISO_MILLIS.format(Instant.ofEpochSecond(0, epochNanos))
        : epochSeconds(epochNanos);
  }

  /** {@code 1764083509.1234} for 1764083509123400000 ns: every nano kept, trailing zeros (and a bare '.') dropped. */
  static String epochSeconds(long epochNanos) {
    return BigDecimal.valueOf(epochNanos, NANOS_SCALE).stripTrailingZeros().toPlainString();
  }
}
