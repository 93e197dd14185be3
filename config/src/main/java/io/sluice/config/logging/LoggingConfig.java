package io.sluice.config.logging;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this process logs and where: the base configuration is the distribution's {@code conf/logback.xml}, and this
 * section is applied on top of it at start and on every reload.
 *
 * @param level the root level; the environment variable {@value #LEVEL_VARIABLE} overrides it
 * @param levels levels of single loggers (a package or class name), such as {@code io.sluice.agent.input: debug}
 * @param format {@code text}: one line per event; {@code json}: one JSON object per line
 * @param file a rotating file that replaces stdout, as Fluentd's {@code log_path}; stdout when absent
 */
public record LoggingConfig(LogLevel level, Map<String, LogLevel> levels, LogFormat format, LogFileConfig file)
    implements Validatable {

  /** The environment variable that overrides {@code logging.level}, for one run without editing the file. */
  public static final String LEVEL_VARIABLE = "SLUICE_LOG_LEVEL";

  /**
   * The level {@value #LEVEL_VARIABLE} names in {@code environment}, empty when it is unset or blank: the one reader
   * of the variable, for the config loader, the CLI's logging and its error reports alike.
   *
   * @throws IllegalArgumentException when it names no level, saying which ones it may name
   */
  public static Optional<LogLevel> levelVariable(Map<String, String> environment) {
    String value = environment.get(LEVEL_VARIABLE);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(LogLevel.parse(value).orElseThrow(() -> new IllegalArgumentException(
        "must be one of " + LogLevel.allowed() + ", got \"" + value + "\"")));
  }

  /** Every default: INFO as text on stdout. */
  public static final LoggingConfig DEFAULT = new LoggingConfig(null, null, null, null);

  /** How events are written. */
  public enum LogFormat {
    /** {@code 2026-11-25T15:11:49.123Z WARN  [thread] logger - message key=value}, stack traces folded in. */
    TEXT,
    /** {@code {"timestamp":…,"level":…,"thread":…,"logger":…,"message":…,"mdc":{…},"exception":…}}. */
    JSON
  }

  public LoggingConfig {
    level = level != null ? level : LogLevel.INFO;
    // Kept in the file's order, so a reader of `config show` finds them as written.
    levels = levels != null ? Collections.unmodifiableMap(new LinkedHashMap<>(levels)) : Map.of();
    format = format != null ? format : LogFormat.TEXT;
  }

  /** This config with the root level {@code rootLevel}. */
  public LoggingConfig withLevel(LogLevel rootLevel) {
    return new LoggingConfig(rootLevel, levels, format, file);
  }

  @Override
  public void validate(String path, Problems problems) {
    levels.forEach((logger, value) -> problems.check(logger != null && !logger.isBlank(),
        ConfigPaths.child(path, "levels"), "a logger name cannot be empty"));
    Validatable.validateChild(file, ConfigPaths.child(path, "file"), problems);
  }
}
