package io.sluice.config.input;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * How many connections a listener keeps open, and how fast a message in progress must arrive on each.
 *
 * <p>The defaults are sized by memory first, descriptors second. Each open connection may hold one socket read and
 * its TLS records in direct memory (about 96 KiB) while the memory budget pauses it, so 4,096 connections on each
 * of the two inputs plus the admin endpoint's 256 add at most about 800 MiB of direct memory to the budget's own
 * worst case; the shipped {@code jvm.options} is sized for that (docs/ARCHITECTURE.md, "Memory bounds"). They also
 * hold at most 8,448 of the unit's {@code LimitNOFILE=65536} descriptors, leaving the rest for the buffer's and
 * outputs' files and the AWS connection pools, so a flood on every port at once still leaves the agent able to
 * write, ship and answer {@code /healthz}. 512 connections per source address cover a NAT gateway fronting a
 * cluster of forwarders while keeping one host from taking more than an eighth. Raise {@code max} with
 * {@code -XX:MaxDirectMemorySize} for larger fleets.
 *
 * @param max connections open at once on the listener; one more is closed at once
 * @param maxPerSource connections open at once from one source address; one more is closed at once
 * @param minTransferRate bytes per second a message in progress (a forward frame, an HTTP request's headers and
 *     body) must average once {@code transfer_grace} has passed, else the connection is closed (slow-loris);
 *     0 turns the check off. Time while the agent itself stops reading (a full buffer) does not count
 * @param transferGrace how long a message may take before its average rate is checked
 */
public record ConnectionLimitsConfig(Integer max, Integer maxPerSource, ByteSize minTransferRate,
    Duration transferGrace) implements Validatable {

  public ConnectionLimitsConfig {
    max = max != null ? max : 4_096;
    maxPerSource = maxPerSource != null ? maxPerSource : 512;
    // 1 KiB/s is far below any working link, yet a 64 MiB frame dribbled in at that rate ties up its memory for
    // hours; senders slower than this cannot keep up with their own logs anyway.
    minTransferRate = minTransferRate != null ? minTransferRate : ByteSize.ofBytes(1024);
    transferGrace = transferGrace != null ? transferGrace : Duration.ofSeconds(10);
  }

  static ConnectionLimitsConfig defaults() {
    return new ConnectionLimitsConfig(null, null, null, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    problems.check(max > 0, ConfigPaths.child(path, "max"), "must be positive, got " + max);
    problems.check(maxPerSource > 0, ConfigPaths.child(path, "max_per_source"),
        "must be positive, got " + maxPerSource);
    problems.check(transferGrace.compareTo(Duration.ofSeconds(1)) >= 0, ConfigPaths.child(path, "transfer_grace"),
        "must be at least 1s, got " + transferGrace);
  }
}
