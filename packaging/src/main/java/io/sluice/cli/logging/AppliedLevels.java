package io.sluice.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sluice.config.logging.LogLevel;
import java.util.HashMap;
import java.util.Map;

/**
 * The levels {@code logging.levels} set, with what each logger had before, so that a reload that drops an entry
 * gives the logger back its conf/logback.xml level instead of leaving the old override in place. Kept in the
 * {@link LoggerContext} itself, which lives as long as the levels it remembers.
 */
public final class AppliedLevels {

  private static final String KEY = AppliedLevels.class.getName();

  // Logger name -> its level before the first override (null: inherited). Guarded by this.
  private final Map<String, Level> before = new HashMap<>();

  private AppliedLevels() {}

  /** The levels applied in {@code context} so far. */
  public static AppliedLevels of(LoggerContext context) {
    synchronized (context) {
      Object existing = context.getObject(KEY);
      if (existing instanceof AppliedLevels applied) {
        return applied;
      }
      AppliedLevels created = new AppliedLevels();
      context.putObject(KEY, created);
      return created;
    }
  }

  /** Restores every logger overridden before, then sets {@code levels}. */
  public synchronized void replace(LoggerContext context, Map<String, LogLevel> levels) {
    before.forEach((name, level) -> context.getLogger(name).setLevel(level));
    before.clear();
    levels.forEach((name, level) -> {
      Logger logger = context.getLogger(name);
      before.put(name, logger.getLevel());
      logger.setLevel(toLogback(level));
    });
  }

  /** The logback level of {@code level}. */
  public static Level toLogback(LogLevel level) {
    return Level.toLevel(level.name());
  }
}
