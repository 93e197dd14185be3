package io.sluice.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way Fluentd users write them: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d},
 * {@code 250ms}, combinations such as {@code 1h30m}, or a bare number of seconds.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
  private static final Pattern WHOLE = Pattern.compile("^(?:\\d+(?:ms|d|h|m|s))+$");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message fit for the user when the text is not a duration
   */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 30s, 5m, 2h, 1h30m or 250ms, got \"" + text + "\"");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(trimmed);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    return total;
  }

  /** The form {@link #parse} reads, such as {@code 1h30m} or {@code 250ms}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long days = duration.toDays();
    if (days > 0) {
      out.append(days).append('d');
    }
    appendPart(out, duration.toHoursPart(), "h");
    appendPart(out, duration.toMinutesPart(), "m");
    appendPart(out, duration.toSecondsPart(), "s");
    appendPart(out, duration.toMillisPart(), "ms");
    return out.toString();
  }

  private static void appendPart(StringBuilder out, long amount, String unit) {
    if (amount > 0) {
      out.append(amount).append(unit);
    }
  }
}
