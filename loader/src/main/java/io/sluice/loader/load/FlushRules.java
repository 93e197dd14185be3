package io.sluice.loader.load;

import io.sluice.config.loader.BatchRules;
import io.sluice.loader.tracker.BatchItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The Lambda's flush rules (contract 2.9 and 7.3.1): count, bytes, or age since the first write. */
final class FlushRules {

  private FlushRules() {
  }

  /** Why {@code batch} is due under {@code rules} at {@code now}, or empty when it is not. */
  static Optional<String> due(BatchItem batch, BatchRules rules, Instant now) {
    int count = batch.entries().size();
    if (count == 0) {
      return Optional.empty();
    }
    if (count >= rules.size()) {
      return Optional.of("count " + count + " >= " + rules.size());
    }
    if (rules.bytes() != null && batch.size() >= rules.bytes().bytes()) {
      return Optional.of("size " + batch.size() + " >= " + rules.bytes().bytes() + " bytes");
    }
    Instant first = batch.firstWrite();
    // The Lambda compares whole seconds: now − floor(min(writeDates)) > batchTimeoutSecs.
    if (first != null && Duration.between(first, now).getSeconds() > rules.timeout().getSeconds()) {
      return Optional.of("age " + Duration.between(first, now).getSeconds() + "s > " + rules.timeout().getSeconds() + "s");
    }
    return Optional.empty();
  }
}
