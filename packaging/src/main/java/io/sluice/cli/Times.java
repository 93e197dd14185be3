package io.sluice.cli;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How the commands print moments: ISO-8601 in UTC, so output means the same wherever it is read. */
final class Times {

  private Times() {}

  /** {@code 2026-11-25T14:01:40.250Z}, or null for null. */
  static String iso(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
