package io.sluice.config.buffer;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The durable local queue every accepted record is written to before it is acknowledged.
 *
 * @param directory where the queue files live
 * @param maxBytes the disk budget for records not yet shipped; over it, inputs push back
 * @param fsync when an append counts as durable
 * @param fsyncInterval with {@code fsync: interval}, the longest time between two syncs
 * @param rollCycle how often the queue starts a new file; shipped files are deleted whole
 * @param diskReserve the free space kept on the buffer's filesystem: an append that would leave less is refused
 *     (inputs push back) until space returns, so a full disk never faults a write into the queue's mapped files
 * @param diskCheckInterval how often free space is measured, and a buffer refusing for a full disk retries
 */
public record BufferConfig(
    Path directory,
    ByteSize maxBytes,
    FsyncPolicy fsync,
    Duration fsyncInterval,
    RollCycle rollCycle,
    ByteSize diskReserve,
    Duration diskCheckInterval) implements Validatable {

  /** When an appended record is forced to disk before it is acknowledged. */
  public enum FsyncPolicy {
    /** Never: written to the page cache, survives a process crash but not a power loss. */
    NEVER,
    /** At most every {@code fsync_interval}: a power loss loses at most that window. */
    INTERVAL,
    /** Before every acknowledgement: survives a power loss, slowest. */
    ALWAYS
  }

  /** How often the queue rolls to a new file. */
  public enum RollCycle { FIVE_MINUTELY, TEN_MINUTELY, HALF_HOURLY, HOURLY, TWO_HOURLY, FOUR_HOURLY, DAILY }

  public BufferConfig {
    directory = directory != null ? directory : Path.of("/var/lib/sluice/buffer");
    maxBytes = maxBytes != null ? maxBytes : ByteSize.parse("8GiB");
    fsync = fsync != null ? fsync : FsyncPolicy.NEVER;
    fsyncInterval = fsyncInterval != null ? fsyncInterval : Duration.ofSeconds(1);
    rollCycle = rollCycle != null ? rollCycle : RollCycle.HOURLY;
    diskReserve = diskReserve != null ? diskReserve : ByteSize.ofMebibytes(256);
    diskCheckInterval = diskCheckInterval != null ? diskCheckInterval : Duration.ofSeconds(1);
  }

  /** The settings before the disk-space ones, which take their defaults. */
  public BufferConfig(Path directory, ByteSize maxBytes, FsyncPolicy fsync, Duration fsyncInterval,
      RollCycle rollCycle) {
    this(directory, maxBytes, fsync, fsyncInterval, rollCycle, null, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(maxBytes.bytes() >= ByteSize.ofMebibytes(1).bytes(), ConfigPaths.child(path, "max_bytes"),
        "must be at least 1MiB, got " + maxBytes);
    problems.check(fsyncInterval.toMillis() > 0, ConfigPaths.child(path, "fsync_interval"), "must be positive");
    problems.check(diskCheckInterval.toMillis() > 0, ConfigPaths.child(path, "disk_check_interval"),
        "must be positive");
  }
}
