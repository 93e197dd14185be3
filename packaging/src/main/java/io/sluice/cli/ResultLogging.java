package io.sluice.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.sluice.cli.logging.AppliedLevels;
import io.sluice.config.ConfigException;
import io.sluice.config.logging.LogLevel;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Logging for the commands whose stdout is their result ({@code batches}, {@code files}, {@code loader setup},
 * {@code config}): log lines go to stderr, so that {@code --json} output stays one JSON document, and only warnings
 * and errors are logged unless {@code SLUICE_LOG_LEVEL} asks for more. The daemons keep logback.xml's setup: every
 * level from INFO on stdout, where journald collects it.
 */
final class ResultLogging {

  private ResultLogging() {}

  /** Reconfigures this process's logback, once, before the command runs. */
  static void apply(Map<String, String> environment) throws ConfigException {
    Optional<LogLevel> asked = LogSettings.levelVariable(environment);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(asked.map(AppliedLevels::toLogback).orElse(Level.WARN));
    for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
      if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        console.stop();
        console.setTarget("System.err");
        console.start();
      }
    }
  }
}
