package io.sluice.agent.buffer;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sluice.agent.input.EventBatch;
import io.sluice.config.ByteSize;
import io.sluice.config.buffer.BufferConfig;
import io.sluice.config.buffer.BufferConfig.FsyncPolicy;
import io.sluice.config.buffer.BufferConfig.RollCycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared helpers for buffer tests: configurations, reading everything, metric values, queue files. */
final class Buffers {

  private Buffers() {}

  static BufferConfig config(Path directory, long maxBytes, FsyncPolicy fsync) {
    return new BufferConfig(directory, ByteSize.ofBytes(maxBytes), fsync, Duration.ofMillis(20),
        RollCycle.FIVE_MINUTELY);
  }

  static BufferConfig config(Path directory, long maxBytes) {
    return config(directory, maxBytes, FsyncPolicy.NEVER);
  }

  /** Every entry the reader returns until it has none. */
  static List<BufferedBatch> readAll(BufferReader reader) {
    List<BufferedBatch> read = new ArrayList<>();
    for (BufferedBatch next = reader.next(); next != null; next = reader.next()) {
      read.add(next);
    }
    return read;
  }

  static List<EventBatch> batchesOf(List<BufferedBatch> read) {
    return read.stream().map(BufferedBatch::batch).toList();
  }

  static List<Long> indexesOf(List<BufferedBatch> read) {
    return read.stream().map(BufferedBatch::index).toList();
  }

  /** The value of a counter or gauge as a scrape sees it, 0 when it has no data point with those labels. */
  static double metric(PrometheusRegistry registry, String name, String... labelNamesAndValues) {
    Labels labels = Labels.of(labelNamesAndValues);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getName().equals(name)) {
        for (DataPointSnapshot point : snapshot.getDataPoints()) {
          if (point.getLabels().equals(labels)) {
            return snapshot instanceof CounterSnapshot ? ((CounterDataPointSnapshot) point).getValue()
                : ((GaugeDataPointSnapshot) point).getValue();
          }
        }
      }
    }
    return 0;
  }

  /** The names of the roll-cycle files in the buffer's queue directory, sorted. */
  static List<String> cycleFiles(Path bufferDirectory) {
    try (Stream<Path> files = Files.list(bufferDirectory.resolve("queue"))) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cq4")).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
