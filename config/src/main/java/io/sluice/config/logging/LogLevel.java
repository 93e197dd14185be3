package io.sluice.config.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A log level as written in config and in {@code SLUICE_LOG_LEVEL}, in any case. */
public enum LogLevel {
  ERROR, WARN, INFO, DEBUG, TRACE;

  /** The level {@code text} names, in any case, or empty when it names none. */
  public static Optional<LogLevel> parse(String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(level -> level.name().equals(wanted)).findFirst();
  }

  /** {@code error, warn, info, debug, trace}, for messages. */
  public static String allowed() {
    return Arrays.stream(values()).map(level -> level.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
