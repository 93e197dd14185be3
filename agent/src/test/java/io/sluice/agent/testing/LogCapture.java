package io.sluice.agent.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what a logger and its children write, from creation until {@link #close}. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    appender.start();
    logger.addAppender(appender);
  }

  /** Captures the logger {@code name}, e.g. {@code io.sluice} for all of Sluice's own lines. */
  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /** The events at {@code level} or above so far. */
  public synchronized List<ILoggingEvent> atLeast(Level level) {
    synchronized (appender) {
      return List.copyOf(appender.list).stream().filter(event -> event.getLevel().isGreaterOrEqual(level)).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
