package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link QueueFsync} decides what to force and when, on real files. */
class QueueFsyncTest {

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private BufferMetrics metrics;
  private Path first;
  private Path second;

  @BeforeEach
  void files() throws Exception {
    metrics = new BufferMetrics(registry, () -> 0, reason -> false, () -> 0, 1 << 20);
    first = Files.writeString(dir.resolve("first.cq4"), "entries");
    second = Files.writeString(dir.resolve("second.cq4"), "entries");
  }

  private double fsyncs() {
    return Buffers.metric(registry, "sluice_buffer_fsyncs");
  }

  @Test
  void intervalLeavesAppendsToTheBackgroundAndCloseForcesWhatIsLeft() {
    QueueFsync fsync = new QueueFsync(FsyncPolicy.INTERVAL, Duration.ofHours(1), dir, metrics);
    fsync.appended(7, first);
    fsync.awaitDurable(7);
    assertThat(fsync.durableIndex()).isEqualTo(-1);

    fsync.close();

    assertThat(fsync.durableIndex()).isEqualTo(7);
    assertThat(fsyncs()).isEqualTo(1);
  }

  @Test
  void alwaysForcesOnceForAppendsThatWaitTogether() {
    try (QueueFsync fsync = new QueueFsync(FsyncPolicy.ALWAYS, Duration.ofHours(1), dir, metrics)) {
      fsync.appended(1, first);
      fsync.appended(2, first);

      fsync.awaitDurable(1);
      fsync.awaitDurable(2);

      assertThat(fsync.durableIndex()).isEqualTo(2);
      assertThat(fsyncs()).isEqualTo(1);
    }
  }

  @Test
  void aRollForcesTheFileRolledFromAsWellAsTheNewOne() {
    try (QueueFsync fsync = new QueueFsync(FsyncPolicy.ALWAYS, Duration.ofHours(1), dir, metrics)) {
      fsync.appended(1, first);
      fsync.appended(2, second);

      fsync.awaitDurable(2);

      assertThat(fsync.durableIndex()).isEqualTo(2);
      assertThat(fsyncs()).isEqualTo(2);
    }
  }

  @Test
  void aFileDeletedBeforeItWasForcedIsSkipped() throws Exception {
    try (QueueFsync fsync = new QueueFsync(FsyncPolicy.ALWAYS, Duration.ofHours(1), dir, metrics)) {
      fsync.appended(1, first);
      Files.delete(first);

      fsync.awaitDurable(1);

      assertThat(fsync.durableIndex()).isEqualTo(1);
      assertThat(fsyncs()).isZero();
    }
  }

  @Test
  void neverForcesNothingEvenOnClose() {
    QueueFsync fsync = new QueueFsync(FsyncPolicy.NEVER, Duration.ofHours(1), dir, metrics);
    fsync.appended(1, first);
    fsync.awaitDurable(1);
    fsync.close();

    assertThat(fsync.durableIndex()).isEqualTo(-1);
    assertThat(fsyncs()).isZero();
  }
}
