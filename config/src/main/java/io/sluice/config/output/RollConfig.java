package io.sluice.config.output;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * When an open file is sealed and uploaded: whichever comes first.
 *
 * @param size once the file holds this many bytes
 * @param age once this long has passed since the file's first record
 */
public record RollConfig(ByteSize size, Duration age) implements Validatable {

  public RollConfig {
    size = size != null ? size : ByteSize.ofMebibytes(64);
    age = age != null ? age : Duration.ofMinutes(5);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(size.bytes() >= 1024, ConfigPaths.child(path, "size"), "must be at least 1KiB, got " + size);
    problems.check(size.bytes() <= ByteSize.parse("5GiB").bytes(), ConfigPaths.child(path, "size"),
        "must be at most 5GiB (the largest single S3 object Sluice writes), got " + size);
    problems.check(age.toSeconds() >= 1, ConfigPaths.child(path, "age"), "must be at least 1s");
  }
}
