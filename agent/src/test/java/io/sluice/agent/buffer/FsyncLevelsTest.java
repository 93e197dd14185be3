package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.EventBatch;
import io.sluice.config.ByteSize;
import io.sluice.config.buffer.BufferConfig;
import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import io.sluice.config.buffer.BufferConfig.RollCycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@code buffer.fsync} level appends and reads back, and forces the queue file to disk when it promises to.
 * Two observables: {@code sluice_buffer_fsyncs}, counted after {@code FileChannel.force} returned, and the kernel's
 * own count of the file's dirty mapped pages, which only a write-back clears.
 */
class FsyncLevelsTest {

  private static final String FSYNC_THREAD = "sluice-buffer-fsync";

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private ChronicleRecordBuffer open(FsyncPolicy fsync, Duration interval) {
    BufferConfig config = new BufferConfig(dir, ByteSize.ofMebibytes(64), fsync, interval, RollCycle.HOURLY);
    return ChronicleRecordBuffer.open(config, Set.of(), registry);
  }

  private double fsyncs() {
    return Buffers.metric(registry, "sluice_buffer_fsyncs");
  }

  private static List<EventBatch> appendFive(ChronicleRecordBuffer buffer) throws Exception {
    List<EventBatch> appended = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      EventBatch batch = TestBatches.records("t", 3, 100, i);
      buffer.append(batch);
      appended.add(batch);
    }
    return appended;
  }

  private Path queueFile() {
    return dir.resolve("queue").resolve(Buffers.cycleFiles(dir).get(0));
  }

  private static boolean fsyncThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(FSYNC_THREAD));
  }

  @Test
  void neverAppendsAndReadsBackWithoutForcingAnything() throws Exception {
    try (ChronicleRecordBuffer buffer = open(FsyncPolicy.NEVER, Duration.ofMillis(10));
        BufferReader reader = buffer.openReader("s3")) {
      List<EventBatch> appended = appendFive(buffer);

      assertThat(TestBatches.contentsOf(Buffers.batchesOf(Buffers.readAll(reader))))
          .isEqualTo(TestBatches.contentsOf(appended));
      assertThat(fsyncs()).isZero();
      assertThat(fsyncThreadAlive()).isFalse();
      if (DirtyPages.observable()) {
        assertThat(DirtyPages.kibibytes(queueFile())).as("left to the OS to write back").isPositive();
      }
    }
  }

  @Test
  void alwaysForcesTheFileBeforeEachAppendReturns() throws Exception {
    try (ChronicleRecordBuffer buffer = open(FsyncPolicy.ALWAYS, Duration.ofHours(1));
        BufferReader reader = buffer.openReader("s3")) {
      List<EventBatch> appended = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        EventBatch batch = TestBatches.records("t", 3, 100, i);
        buffer.append(batch);
        appended.add(batch);

        assertThat(fsyncs()).isEqualTo(i + 1);
        if (DirtyPages.observable()) {
          assertThat(DirtyPages.kibibytes(queueFile())).isZero();
        }
      }

      assertThat(TestBatches.contentsOf(Buffers.batchesOf(Buffers.readAll(reader))))
          .isEqualTo(TestBatches.contentsOf(appended));
    }
  }

  @Test
  void intervalForcesOnANamedBackgroundThreadThatStopsOnClose() throws Exception {
    try (ChronicleRecordBuffer buffer = open(FsyncPolicy.INTERVAL, Duration.ofMillis(20));
        BufferReader reader = buffer.openReader("s3")) {
      List<EventBatch> appended = appendFive(buffer);

      await().atMost(Duration.ofSeconds(5)).until(() -> fsyncs() >= 1);
      if (DirtyPages.observable()) {
        await().atMost(Duration.ofSeconds(5)).until(() -> DirtyPages.kibibytes(queueFile()) == 0);
      }
      assertThat(fsyncThreadAlive()).isTrue();
      assertThat(TestBatches.contentsOf(Buffers.batchesOf(Buffers.readAll(reader))))
          .isEqualTo(TestBatches.contentsOf(appended));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !fsyncThreadAlive());
  }
}
