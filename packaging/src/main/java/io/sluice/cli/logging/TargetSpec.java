package io.sluice.cli.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.sluice.config.logging.LogFileConfig;
import io.sluice.config.logging.LoggingConfig.LogFormat;

/**
 * Where and how the root logger writes: stdout or a file rotated by size, as text lines or JSON lines.
 *
 * @param format text or JSON
 * @param pattern the text layout (conf/logback.xml's, so an edited pattern survives a reload)
 * @param file the rotating file, or null for stdout
 */
public record TargetSpec(LogFormat format, String pattern, LogFileConfig file) {

  /** The name of the appender in conf/logback.xml that {@link SwitchableAppender} takes the place of. */
  public static final String APPENDER_NAME = "STDOUT";

  /**
   * How often the file's size is compared with {@code max_size}: a stat per event would be wasteful, logback's own
   * default of a minute lets a noisy minute overshoot the size by far.
   */
  static final Duration SIZE_CHECK_INTERVAL = Duration.buildBySeconds(1);

  /** Where events go, for messages: {@code stdout} or the file's path. */
  String describe() {
    return file == null ? "stdout" : file.path().toAbsolutePath().toString();
  }

  /** Builds the appender, not yet started. */
  public Appender<ILoggingEvent> build(Context context) {
    OutputStreamAppender<ILoggingEvent> appender = file == null ? console() : rollingFile(context);
    appender.setName(APPENDER_NAME);
    appender.setContext(context);
    appender.setEncoder(encoder(context));
    return appender;
  }

  private static ConsoleAppender<ILoggingEvent> console() {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.out");
    return console;
  }

  private RollingFileAppender<ILoggingEvent> rollingFile(Context context) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    String path = file.path().toAbsolutePath().toString();
    appender.setFile(path);
    appender.setAppend(true);

    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(path + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(file.maxFiles());
    rolling.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(new FileSize(file.maxSize().bytes()));
    trigger.setCheckIncrement(SIZE_CHECK_INTERVAL);
    trigger.start();

    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    return appender;
  }

  private Encoder<ILoggingEvent> encoder(Context context) {
    if (format == LogFormat.JSON) {
      JsonLineEncoder json = new JsonLineEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(pattern);
    text.start();
    return text;
  }
}
