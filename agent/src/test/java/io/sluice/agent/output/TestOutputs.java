package io.sluice.agent.output;

import io.sluice.agent.input.RecordBatch;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.agent.AgentConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputReadinessConfig;
import io.sluice.config.output.RecordFormatConfig;
import io.sluice.config.output.RollConfig;
import io.sluice.loader.retry.Backoff;
import io.sluice.testkit.s3.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Configs, events and file listings shared by the destination tests. */
final class TestOutputs {

  static final AgentConfig AGENT = new AgentConfig("host-1", Duration.ofSeconds(5));
  /** When the test clock starts; rotation by age counts from here. */
  static final Instant CLOCK_START = Instant.parse("2026-11-25T16:00:00Z");
  /** The event time of every test record: 2026-11-25T15:11:49.123456789Z. */
  static final long EVENT_NANOS = 1_795_619_509_123_456_789L;
  /** Where files with {@link #EVENT_NANOS} and the default template land, up to the file name. */
  static final String HOUR_PATH = "2026/11/25/15";

  private TestOutputs() {}

  static RollConfig roll(long bytes, Duration age) {
    return new RollConfig(ByteSize.ofBytes(bytes), age);
  }

  /** Rolls only when a test says so (graceful close, or the clock moved by an hour). */
  static RollConfig rollLate() {
    return roll(64L << 20, Duration.ofHours(1));
  }

  static OutputConfig local(String name, Path directory, String match, RollConfig roll) {
    return new OutputConfig(name, OutputType.LOCAL, match, null, null, directory, null, null, roll, null, null, null,
        null, null, null, null, null);
  }

  /** A local output whose records also go on to the later outputs that match them ({@code continue: true}). */
  static OutputConfig continuing(String name, Path directory, String match, RollConfig roll) {
    return new OutputConfig(name, OutputType.LOCAL, match, true, null, directory, null, null, roll, null, null, null,
        null, null, null, null, null);
  }

  static OutputConfig s3(String name, LocalS3 s3, String bucket, RollConfig roll) {
    return new OutputConfig(name, OutputType.S3, null, null, bucket, null, null, null, roll, null, null, s3.endpoint(),
        true, new AwsCredentialsConfig(s3.accessKeyId(), Secret.of(s3.secretAccessKey()), null), null, null, null);
  }

  /** {@code output} with its readiness limits set to {@code stallAfter} and {@code failureGrace}. */
  static OutputConfig withReadiness(OutputConfig output, Duration stallAfter, Duration failureGrace) {
    return new OutputConfig(output.name(), output.type(), output.match(), output.continueMatching(), output.bucket(),
        output.directory(), output.prefix(), output.keyTemplate(), output.roll(), output.format(), output.region(),
        output.endpoint(), output.pathStyle(), output.credentials(), output.requestTimeout(),
        new OutputReadinessConfig(stallAfter, failureGrace), output.slice());
  }

  /** {@code output} storing its files as gzip ({@code format.compression: gzip}). */
  static OutputConfig gzip(OutputConfig output) {
    return new OutputConfig(output.name(), output.type(), output.match(), output.continueMatching(), output.bucket(),
        output.directory(), output.prefix(), output.keyTemplate(), output.roll(),
        new RecordFormatConfig(null, null, null, RecordFormatConfig.Compression.GZIP), output.region(),
        output.endpoint(), output.pathStyle(), output.credentials(), output.requestTimeout(), output.readiness(),
        output.slice());
  }

  /** Retries within tens of milliseconds, so outage tests finish quickly. */
  static Backoff quickBackoff() {
    return new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1));
  }

  /** One JSON record of {@code tag} at {@link #EVENT_NANOS}. */
  static RecordBatch event(String tag, String json) {
    return InMemoryRecordBuffer.json(tag, EVENT_NANOS, json);
  }

  /** The line {@link #event} gives with the default format. */
  static String line(String tag, String fields) {
    return "{\"tag\":\"" + tag + "\",\"time\":\"2026-11-25T15:11:49.123Z\"," + fields + "}";
  }

  /** Every regular file below {@code root}, as keys relative to it, sorted. */
  static List<String> keysBelow(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/'))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
