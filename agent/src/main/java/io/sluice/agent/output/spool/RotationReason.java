package io.sluice.agent.output.spool;

import java.util.Locale;

/** Why an open file was sealed. */
public enum RotationReason {
  /** It reached {@code roll.size} bytes. */
  SIZE,
  /** {@code roll.age} passed since its first record. */
  AGE,
  /** The destination is stopping gracefully. */
  SHUTDOWN,
  /** A file of a newer slice had to open and {@code slice.max_open} were open: the oldest slice's was sealed. */
  MAX_OPEN;

  /** The reason as logs and metric labels show it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
