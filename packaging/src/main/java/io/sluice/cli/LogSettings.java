package io.sluice.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.sluice.cli.logging.AppliedLevels;
import io.sluice.cli.logging.SwitchableAppender;
import io.sluice.cli.logging.TargetSpec;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigProblem;
import io.sluice.config.logging.LogLevel;
import io.sluice.config.logging.LoggingConfig;
import io.sluice.config.logging.LoggingConfig.LogFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging:} section on top of conf/logback.xml: the root level, the levels of single loggers,
 * and the output (stdout or a rotating file, text or JSON lines), which takes the place of logback.xml's
 * {@code STDOUT} appender. Other appenders added to logback.xml are left alone. Runs at start and again on every
 * reload: applying the same section twice changes nothing, and a changed output is swapped without losing an event
 * or leaving the old file open.
 */
public final class LogSettings {

  /** The text layout when conf/logback.xml has no STDOUT pattern to take it from; the same as the shipped one. */
  static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger - "
      + "%replace(%msg){'[\\r\\n]+', ' '}%replace( %mdc){'^ $', ''}"
      + "%replace(%replace( %ex){'[\\r\\n]+\\s*', ' | '}){'^ $|( \\| )$', ''}%nopex%n";

  private LogSettings() {}

  /**
   * The level {@value LoggingConfig#LEVEL_VARIABLE} asks for, empty when it is unset or empty.
   *
   * @throws ConfigException when it names no level, rather than logging at some level nobody asked for
   */
  static Optional<LogLevel> levelVariable(Map<String, String> environment) throws ConfigException {
    try {
      return LoggingConfig.levelVariable(environment);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(new ConfigProblem(LoggingConfig.LEVEL_VARIABLE, 0, 0, "", e.getMessage())));
    }
  }

  /**
   * Applies {@code config} to this process's logback. Without a STDOUT appender in logback.xml, an output is added
   * only when the section asks for JSON or a file.
   *
   * @throws IllegalStateException when the log file cannot be opened; logging then stays as it was
   */
  public static void apply(LoggingConfig config) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, config);
    }
  }

  /** Applies {@code config} to {@code context}. */
  static void apply(LoggerContext context, LoggingConfig config) {
    synchronized (context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(AppliedLevels.toLogback(config.level()));
      AppliedLevels.of(context).replace(context, config.levels());
      boolean standardOutput = config.format() == LogFormat.TEXT && config.file() == null;
      if (root.getAppender(TargetSpec.APPENDER_NAME) == null && standardOutput) {
        return; // a logback.xml without STDOUT keeps its own appenders
      }
      SwitchableAppender output = output(context, root);
      output.switchTo(new TargetSpec(config.format(), output.basePattern(), config.file()));
    }
  }

  /** The root's switchable output, put in place of logback.xml's STDOUT appender the first time. */
  private static SwitchableAppender output(LoggerContext context, Logger root) {
    Appender<ILoggingEvent> current = root.getAppender(TargetSpec.APPENDER_NAME);
    if (current instanceof SwitchableAppender switchable) {
      return switchable;
    }
    Appender<ILoggingEvent> initial = current != null ? current
        : new TargetSpec(LogFormat.TEXT, DEFAULT_PATTERN, null).build(context);
    if (!initial.isStarted()) {
      initial.start();
    }
    SwitchableAppender switchable = new SwitchableAppender(initial, pattern(initial));
    switchable.setContext(context);
    switchable.setName(TargetSpec.APPENDER_NAME);
    switchable.start();
    // Attached before the old one is detached: an event in between is written twice rather than not at all.
    root.addAppender(switchable);
    if (current != null) {
      root.detachAppender(current);
    }
    return switchable;
  }

  /** The text layout of logback.xml's STDOUT appender, so an operator's edit of it applies to files too. */
  private static String pattern(Appender<ILoggingEvent> base) {
    if (base instanceof OutputStreamAppender<ILoggingEvent> stream
        && stream.getEncoder() instanceof PatternLayoutEncoder encoder && encoder.getPattern() != null) {
      return encoder.getPattern();
    }
    return DEFAULT_PATTERN;
  }
}
