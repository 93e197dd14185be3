package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.RecordBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rough append throughput, logged rather than asserted (machines differ): batches of 100 JSON records of about
 * 250 bytes, as an HTTP request would bring, with {@code fsync: never}.
 */
class AppendThroughputTest {

  private static final Logger LOG = LoggerFactory.getLogger(AppendThroughputTest.class);
  private static final int WARM_UP_BATCHES = 2_000;
  private static final int MEASURED_BATCHES = 10_000;

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final RecordBatch batch = TestBatches.json("app.web", 100, 250);

  @Test
  void oneThreadAppendsEveryBatch() throws Exception {
    assertThat(measure(1)).isEqualTo(WARM_UP_BATCHES + MEASURED_BATCHES);
  }

  @Test
  void eightThreadsAppendEveryBatch() throws Exception {
    assertThat(measure(8)).isEqualTo(WARM_UP_BATCHES + MEASURED_BATCHES);
  }

  /** Appends from {@code threads} threads, logs the rate, and returns how many batches the buffer counted. */
  private double measure(int threads) throws Exception {
    try (ChronicleRecordBuffer buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 1L << 30), Set.of(),
        registry)) {
      appendFrom(buffer, 1, WARM_UP_BATCHES);
      double bytesBefore = Buffers.metric(registry, "sluice_buffer_appended_bytes");
      long startNanos = System.nanoTime();
      appendFrom(buffer, threads, MEASURED_BATCHES);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double bytes = Buffers.metric(registry, "sluice_buffer_appended_bytes") - bytesBefore;
      LOG.info("Append throughput threads={} batches={} batch_bytes={} batches_per_s={} mb_per_s={}", threads,
          MEASURED_BATCHES, Math.round(bytes / MEASURED_BATCHES), Math.round(MEASURED_BATCHES / seconds),
          Math.round(bytes / seconds / 1e6));
      return Buffers.metric(registry, "sluice_buffer_appended_batches");
    }
  }

  private void appendFrom(ChronicleRecordBuffer buffer, int threads, int batches) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < batches / threads; i++) {
            buffer.append(batch);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
