package io.sluice.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The root logger's one output, whose target (the console, a rotating file) can be replaced while events are
 * logged: an event goes either to the old target or to the new one, never to neither, and the old target is stopped
 * (its file closed) before the new one starts, so two appenders never write one file.
 */
public final class SwitchableAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final String basePattern;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  // Guarded by lock.
  private Appender<ILoggingEvent> target;
  private TargetSpec spec;

  /**
   * @param initial the started appender events go to until the first {@link #switchTo}
   * @param basePattern the text layout of conf/logback.xml, kept for every later text target
   */
  public SwitchableAppender(Appender<ILoggingEvent> initial, String basePattern) {
    this.target = Objects.requireNonNull(initial, "initial");
    this.basePattern = Objects.requireNonNull(basePattern, "basePattern");
  }

  /** The text layout of conf/logback.xml's STDOUT appender, which this appender took the place of. */
  public String basePattern() {
    return basePattern;
  }

  @Override
  protected void append(ILoggingEvent event) {
    lock.readLock().lock();
    try {
      target.doAppend(event);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Sends events to an appender built from {@code next}, unless it already does: stops the current target, starts
   * the new one, and holds every event logged meanwhile until it has.
   *
   * @throws IllegalStateException when the new target cannot start (a file that cannot be opened); events keep
   *     going to the current one
   */
  public void switchTo(TargetSpec next) {
    lock.writeLock().lock();
    try {
      if (next.equals(spec)) {
        return;
      }
      Appender<ILoggingEvent> replacement = next.build(getContext());
      target.stop();
      replacement.start();
      if (!replacement.isStarted()) {
        // logback reports a file it cannot open in its status log only; keep logging where we did. A stopped
        // rolling appender does not start again (its policies are stopped too), so a fresh one takes its place.
        if (spec != null) {
          target = spec.build(getContext());
        }
        target.start();
        throw new IllegalStateException("cannot log to " + next.describe() + "; logging stays as it was");
      }
      target = replacement;
      spec = next;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The appender events go to now. */
  public Appender<ILoggingEvent> target() {
    lock.readLock().lock();
    try {
      return target;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void stop() {
    super.stop();
    lock.writeLock().lock();
    try {
      target.stop();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
