package io.sluice.agent.output.slice;

import java.util.Locale;

/** Where a record's time lies against the window around its arrival: records outside go to the arrival's slice. */
public enum WindowSide {
  /** Within {@code slice.max_past} before and {@code slice.max_future} after its arrival. */
  WITHIN,
  /** Earlier than {@code slice.max_past} before its arrival, or at or before the Unix epoch. */
  PAST,
  /** Later than {@code slice.max_future} after its arrival. */
  FUTURE;

  /** The side as metric labels show it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
