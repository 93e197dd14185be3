package io.sluice.config.loader;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * When an open batch is closed and loaded: whichever rule is met first (the Lambda's {@code batchSize},
 * {@code batchSizeBytes} and {@code batchTimeoutSecs}).
 *
 * @param size once the batch holds this many files
 * @param bytes once the batch's files add up to this many bytes; no byte rule when absent
 * @param timeout once this long has passed since the batch's first file
 */
public record BatchRules(Integer size, ByteSize bytes, Duration timeout) implements Validatable {

  public BatchRules {
    size = size != null ? size : 100;
    timeout = timeout != null ? timeout : Duration.ofMinutes(5);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(size >= 1, ConfigPaths.child(path, "size"), "must be at least 1, got " + size);
    if (bytes != null) {
      problems.check(bytes.bytes() > 0, ConfigPaths.child(path, "bytes"), "must be positive");
    }
    problems.check(timeout.toSeconds() >= 1, ConfigPaths.child(path, "timeout"), "must be at least 1s");
  }
}
