package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.loader.tracker.Registration;
import java.util.Locale;

/** How the commands report where a re-registered file went. */
final class Registrations {

  private Registrations() {}

  /** One phrase, e.g. {@code registered into batch 0d9e...}. */
  static String describe(Registration registration) {
    return switch (registration.outcome()) {
      case REGISTERED -> "registered into batch " + registration.batchId();
      case ALREADY_REGISTERED -> "already in batch " + registration.batchId() + "; left there";
      case FILTERED -> "not registered: the filename filter of " + registration.s3Prefix() + " excludes it";
    };
  }

  /** {@code {"file":..., "outcome":"registered", "s3Prefix":..., "batchId":...}}. */
  static ObjectNode json(Registration registration) {
    return CommandOutput.object()
        .put("file", registration.loadFile())
        .put("outcome", outcome(registration))
        .put("s3Prefix", registration.s3Prefix())
        .put("batchId", registration.batchId());
  }

  private static String outcome(Registration registration) {
    return registration.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
