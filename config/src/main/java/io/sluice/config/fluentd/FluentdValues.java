package io.sluice.config.fluentd;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fluentd's size and time values ({@code lib/fluent/config/types.rb}) and their Sluice spelling. */
final class FluentdValues {

  private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+)\\s*([kKmMgGtT])?.*");
  private static final Pattern TIME = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([smhd])?\\s*");

  private FluentdValues() {}

  /** Bytes of a Fluentd size: {@code 8m} and {@code 8MB} are 8 MiB (types.rb's size_value is 1024-based). */
  static OptionalLong bytes(String value) {
    Matcher matcher = SIZE.matcher(value);
    if (!matcher.matches()) {
      return OptionalLong.empty();
    }
    long number = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
    return OptionalLong.of(switch (unit) {
      case "k" -> number << 10;
      case "m" -> number << 20;
      case "g" -> number << 30;
      case "t" -> number << 40;
      default -> number;
    });
  }

  /** Seconds of a Fluentd time: {@code 10m}, {@code 1h}, {@code 30s}, {@code 1d}, or a number of seconds. */
  static OptionalDouble seconds(String value) {
    Matcher matcher = TIME.matcher(value);
    if (!matcher.matches()) {
      return OptionalDouble.empty();
    }
    double number = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return OptionalDouble.of(number * switch (unit) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    });
  }

  /** A size as Sluice writes it: {@code 256MiB}, {@code 8KiB} or bytes. */
  static String size(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return String.valueOf(bytes);
  }

  /** A duration as Sluice writes it: {@code 1h10m}, {@code 90s}, {@code 250ms}. */
  static String duration(double seconds) {
    long millis = Math.round(seconds * 1000);
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long total = millis / 1000;
    if (total == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = total / 86400;
    long hours = total % 86400 / 3600;
    long minutes = total % 3600 / 60;
    long rest = total % 60;
    if (days > 0) {
      text.append(days * 24 + hours).append('h');
    } else if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }
}
