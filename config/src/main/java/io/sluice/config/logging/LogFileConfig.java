package io.sluice.config.logging;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.nio.file.Path;

/**
 * A log file rotated by size, as Fluentd's {@code log_path}, {@code log_rotate_size} and {@code log_rotate_age}:
 * {@code path} is written until it reaches {@code max_size}, then renamed to {@code path.1} (the older ones moving
 * up to {@code path.<max_files>}, the oldest deleted).
 *
 * @param path the file written to; its directory must exist and be writable by the sluice user
 * @param maxSize the size at which the file is rotated
 * @param maxFiles how many rotated files are kept besides the current one
 */
public record LogFileConfig(Path path, ByteSize maxSize, Integer maxFiles) implements Validatable {

  /** logback's FixedWindowRollingPolicy keeps at most this many. */
  public static final int MAX_FILES_LIMIT = 20;

  private static final long MIN_SIZE = 1024;

  public LogFileConfig {
    maxSize = maxSize != null ? maxSize : ByteSize.ofMebibytes(100);
    maxFiles = maxFiles != null ? maxFiles : 10;
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.require(this.path, ConfigPaths.child(path, "path"));
    problems.check(maxSize.bytes() >= MIN_SIZE, ConfigPaths.child(path, "max_size"), "must be at least 1KiB");
    problems.check(maxFiles >= 1 && maxFiles <= MAX_FILES_LIMIT, ConfigPaths.child(path, "max_files"),
        "must be between 1 and " + MAX_FILES_LIMIT);
  }
}
