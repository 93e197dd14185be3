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
    Optional<String> full = full(count, batch.size(), rules);
    if (full.isPresent()) {
      return full;
    }
    Instant first = batch.firstWrite();
    // The Lambda compares whole seconds: now − floor(min(writeDates)) > batchTimeoutSecs.
    if (first != null && Duration.between(first, now).getSeconds() > rules.timeout().getSeconds()) {
      return Optional.of("age " + Duration.between(first, now).getSeconds() + "s > " + rules.timeout().getSeconds() + "s");
    }
    return Optional.empty();
  }

  /** Why a batch of {@code files} files and {@code bytes} bytes is full by count or bytes, or empty. */
  static Optional<String> full(int files, long bytes, BatchRules rules) {
    if (files >= rules.size()) {
      return Optional.of("count " + files + " >= " + rules.size());
    }
    if (rules.bytes() != null && bytes >= rules.bytes().bytes()) {
      return Optional.of("size " + bytes + " >= " + rules.bytes().bytes() + " bytes");
    }
    return Optional.empty();
  }
}
