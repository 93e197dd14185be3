package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import io.sluice.config.ByteSize;
import io.sluice.config.buffer.BufferConfig;
import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import io.sluice.config.buffer.BufferConfig.RollCycle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer's filesystem really filling up (a 16 MiB tmpfs, filled by a ballast file): appends are refused the
 * way a spent budget refuses them, everything appended before stays readable, and the buffer accepts again by
 * itself once space returns.
 */
class DiskFullTest {

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Boolean> told = new CopyOnWriteArrayList<>();
  private TmpfsMount mount;
  private ChronicleRecordBuffer buffer;

  @BeforeEach
  void mountASmallFilesystem() throws Exception {
    mount = TmpfsMount.mountOrSkip(dir.resolve("mnt"), 16);
    // The budget is far larger than the filesystem: only the disk can refuse.
    BufferConfig config = new BufferConfig(mount.directory().resolve("buffer"), ByteSize.ofMebibytes(256),
        FsyncPolicy.NEVER, Duration.ofMillis(20), RollCycle.FIVE_MINUTELY, ByteSize.ofMebibytes(1),
        Duration.ofMillis(50));
    buffer = ChronicleRecordBuffer.open(config, Set.of("s3"), registry);
    buffer.addAvailabilityListener(told::add);
  }

  @AfterEach
  void unmount() throws Exception {
    try {
      if (buffer != null) {
        buffer.close();
      }
    } finally {
      if (mount != null) {
        mount.close();
      }
    }
  }

  private List<EventBatch> appendTwentyBatches() throws Exception {
    List<EventBatch> appended = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      EventBatch batch = TestBatches.records("t", 4, 8_000, i);
      buffer.append(batch);
      appended.add(batch);
    }
    return appended;
  }

  private List<EventBatch> readEverything() {
    try (BufferReader reader = buffer.openReader("s3")) {
      return Buffers.batchesOf(Buffers.readAll(reader));
    }
  }

  /** Waits until listeners were told the buffer accepts again, which the disk checker does by itself. */
  private void awaitToldAccepting() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!told.contains(true) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Appends until the buffer refuses (the blocks allocated ahead of the writer take a few first). */
  private BufferFullException appendUntilRefused(List<EventBatch> accepted) throws Exception {
    for (int i = 0; i < 500; i++) {
      EventBatch batch = TestBatches.records("t", 4, 8_000, 1_000 + i);
      try {
        buffer.append(batch);
        accepted.add(batch);
      } catch (BufferFullException e) {
        return e;
      }
    }
    throw new AssertionError("500 batches of 32 KB fitted a full 16 MiB filesystem");
  }

  @Test
  void aFullFilesystemRefusesAppendsAsAFullBufferDoes() throws Exception {
    appendTwentyBatches();
    mount.fillWithBallast("ballast");

    BufferFullException refusal = appendUntilRefused(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> buffer.append(TestBatches.records("t", 4, 8_000, 100)))
          .isInstanceOf(BufferFullException.class);
    }

    assertThat(refusal).hasMessageContaining("filesystem");
    assertThat(buffer.isAccepting()).isFalse();
    assertThat(buffer.refusal()).contains(RefusalReason.DISK_FULL);
    assertThat(told).containsExactly(false);
    assertThat(Buffers.metric(registry, "sluice_buffer_refusing", "reason", "disk_full")).isEqualTo(1);
    assertThat(Buffers.metric(registry, "sluice_buffer_refusing", "reason", "full")).isZero();
    assertThat(Buffers.metric(registry, "sluice_buffer_refused_batches", "reason", "disk_full")).isEqualTo(5);
    assertThat(Buffers.metric(registry, "sluice_buffer_filesystem_free_bytes")).isLessThan(1 << 20);
  }

  @Test
  void everyBatchAppendedBeforeTheRefusalStaysReadable() throws Exception {
    List<EventBatch> appended = appendTwentyBatches();
    mount.fillWithBallast("ballast");

    appendUntilRefused(appended);

    assertThat(TestBatches.contentsOf(readEverything())).isEqualTo(TestBatches.contentsOf(appended));
  }

  @Test
  void freeingSpaceLetsTheBufferAcceptAgainWithoutARestart() throws Exception {
    List<EventBatch> appended = appendTwentyBatches();
    Path ballast = mount.fillWithBallast("ballast");
    appendUntilRefused(appended);

    Files.delete(ballast);
    awaitToldAccepting();

    assertThat(buffer.isAccepting()).isTrue();
    assertThat(buffer.refusal()).isEqualTo(Optional.empty());
    assertThat(told).containsExactly(false, true);
    assertThat(Buffers.metric(registry, "sluice_buffer_refusing", "reason", "disk_full")).isZero();
    for (int i = 0; i < 3; i++) {
      EventBatch after = TestBatches.records("t", 4, 8_000, 200 + i);
      buffer.append(after);
      appended.add(after);
    }
    assertThat(TestBatches.contentsOf(readEverything())).isEqualTo(TestBatches.contentsOf(appended));
  }

  @Test
  void theReserveIsKeptFreeTheFilesystemNeverRunsOut() throws Exception {
    List<EventBatch> appended = appendTwentyBatches();
    Path ballast = mount.fillWithBallast("ballast");
    // Frees 3 MiB: enough for the 1 MiB reserve and a new cycle file, but not for much more.
    try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - (3 << 20));
    }

    appendUntilRefused(appended);

    assertThat(Files.getFileStore(mount.directory()).getUsableSpace()).isGreaterThanOrEqualTo(1 << 20);
    assertThat(buffer.refusal()).contains(RefusalReason.DISK_FULL);
    assertThat(TestBatches.contentsOf(readEverything())).isEqualTo(TestBatches.contentsOf(appended));
  }
}
