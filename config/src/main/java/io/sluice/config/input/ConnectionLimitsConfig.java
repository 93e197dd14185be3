package io.sluice.config.input;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.time.Duration;

/**
 * How many connections a listener keeps open, and how fast a message in progress must arrive on each.
 *
 * <p>The defaults fit the packaged {@code LimitNOFILE=65536}: 16,384 connections on each of the two inputs plus the
 * admin endpoint's 256 hold at most 33,024 descriptors, which leaves half of them for the buffer's and the outputs'
 * files, the S3 and DynamoDB connection pools and the JVM's own jars, so a flood on every port at once still
 * leaves the agent able to write, ship and answer {@code /healthz}. 1,024 connections per source address cover a
 * NAT gateway fronting a whole cluster of forwarders while keeping one host from taking more than a sixteenth.
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
    max = max != null ? max : 16_384;
    maxPerSource = maxPerSource != null ? maxPerSource : 1_024;
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
