package io.sluice.agent.output.spool;

import java.util.Locale;

/** Why an open file was sealed. */
public enum RotationReason {
  /** It reached {@code roll.size} bytes. */
  SIZE,
  /** {@code roll.age} passed since its first record. */
  AGE,
  /** The destination is stopping gracefully. */
  SHUTDOWN;

  /** The reason as logs and metric labels show it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
