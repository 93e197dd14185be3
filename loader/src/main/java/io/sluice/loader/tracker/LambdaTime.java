package io.sluice.loader.tracker;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The Lambda loader's two renderings of a moment: readable UTC text and fractional epoch seconds. */
public final class LambdaTime {

  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private LambdaTime() {
  }

  /** {@code YYYY-MM-DD HH:MM:SS} in UTC, seconds truncated, as the Lambda's local-time getters give on Lambda. */
  public static String readable(Instant instant) {
    return READABLE.format(instant);
  }

  /** Epoch seconds with milliseconds and no trailing zeros, as JavaScript renders {@code getTime() / 1000}. */
  public static String epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
  }
}
