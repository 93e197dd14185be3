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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends from many input threads at once: each batch is one whole entry, none lost, none doubled. */
class ConcurrentAppendTest {

  private static final int THREADS = 8;
  private static final int BATCHES_PER_THREAD = 300;

  @TempDir
  Path dir;

  @Test
  void everyBatchAppendedFromSeveralThreadsIsReadBackExactlyOnceAndWhole() throws Exception {
    try (ChronicleRecordBuffer buffer = ChronicleRecordBuffer.open(Buffers.config(dir, 1L << 30), Set.of(),
        new PrometheusRegistry()); BufferReader reader = buffer.openReader("s3")) {
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          String tag = "thread" + t;
          done.add(threads.submit(() -> {
            start.await();
            for (int i = 0; i < BATCHES_PER_THREAD; i++) {
              buffer.append(batch(tag, i));
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdown();
      }

      List<BufferedBatch> read = Buffers.readAll(reader);

      assertThat(read).hasSize(THREADS * BATCHES_PER_THREAD);
      assertThat(Buffers.indexesOf(read)).isSorted().doesNotHaveDuplicates();
      for (int t = 0; t < THREADS; t++) {
        String tag = "thread" + t;
        List<RecordBatch> ofThread = read.stream().map(b -> (RecordBatch) b.batch())
            .filter(b -> b.tag().equals(tag)).collect(Collectors.toList());
        List<RecordBatch> expected = new ArrayList<>();
        for (int i = 0; i < BATCHES_PER_THREAD; i++) {
          expected.add(batch(tag, i));
        }
        assertThat(TestBatches.contentsOf(ofThread)).isEqualTo(TestBatches.contentsOf(expected));
      }
    }
  }

  private static RecordBatch batch(String tag, int i) {
    return TestBatches.records(tag, 1 + i % 7, 50 + i % 300, tag.hashCode() * 1_000L + i);
  }
}
