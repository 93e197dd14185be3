package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk budget: the bytes not yet shipped by every registered output, against {@code buffer.max_bytes}.
 * Batches here are one record of 1,000 bytes; the budget is 5,000 bytes.
 */
class DiskBudgetTest {

  private static final long MAX_BYTES = 5_000;
  /**
   * Chronicle's 4-byte header, then version, kind, append time, tag "t", count, and nanos, encoding, length and body.
   */
  private static final long ENTRY_BYTES = 4 + 1 + 1 + 8 + (4 + 1) + 4 + (8 + 1 + 4 + 1_000);

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<EventBatch> accepted = new ArrayList<>();

  private ChronicleRecordBuffer open(String... outputs) {
    return ChronicleRecordBuffer.open(Buffers.config(dir, MAX_BYTES), Set.of(outputs), registry);
  }

  private static EventBatch batch(int seed) {
    return TestBatches.records("t", 1, 1_000, seed);
  }

  /** Appends until the buffer refuses; returns the indexes of what it accepted. */
  private List<Long> fill(ChronicleRecordBuffer buffer, BufferReader reader) throws BatchTooLargeException {
    for (int seed = accepted.size(); ; seed++) {
      EventBatch batch = batch(seed);
      try {
        buffer.append(batch);
      } catch (BufferFullException e) {
        return Buffers.indexesOf(Buffers.readAll(reader));
      }
      accepted.add(batch);
    }
  }

  @Test
  void appendsAreRefusedOnceMoreThanMaxBytesAreUnshipped() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3"); BufferReader reader = buffer.openReader("s3")) {
      fill(buffer, reader);

      // Accepted while at most 5,000 bytes were unshipped: 5 entries, the last one taking it over.
      assertThat(accepted).hasSize(5);
      assertThat(buffer.unshippedBytes()).isEqualTo(5 * ENTRY_BYTES);
      assertThat(buffer.isAccepting()).isFalse();
      assertThatExceptionOfType(BufferFullException.class).isThrownBy(() -> buffer.append(batch(99)))
          .withMessageContaining("5180 bytes are not yet shipped").withMessageContaining("max_bytes is 5000");
      assertThat(Buffers.metric(registry, "sluice_buffer_refused_batches", "reason", "full")).isEqualTo(2);
    }
  }

  @Test
  void shippingFreesTheBudgetOnlyOnceEveryOutputHasShipped() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3", "archive"); BufferReader reader = buffer.openReader("s3")) {
      List<Long> indexes = fill(buffer, reader);

      buffer.markShipped("s3", indexes.get(4));
      assertThat(buffer.isAccepting()).isFalse();

      buffer.markShipped("archive", indexes.get(1));
      assertThat(buffer.unshippedBytes()).isEqualTo(3 * ENTRY_BYTES);
      assertThat(buffer.isAccepting()).isTrue();
      assertThat(Buffers.metric(registry, "sluice_buffer_unshipped_bytes")).isEqualTo(3 * ENTRY_BYTES);
    }
  }

  @Test
  void listenersAreToldWhenTheBufferStopsAndStartsAccepting() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3"); BufferReader reader = buffer.openReader("s3")) {
      List<Boolean> told = new CopyOnWriteArrayList<>();
      buffer.addAvailabilityListener(told::add);

      List<Long> indexes = fill(buffer, reader);
      assertThat(told).containsExactly(false);

      buffer.markShipped("s3", indexes.get(0));
      assertThat(told).containsExactly(false, true);
    }
  }

  @Test
  void aListenerMayAppendFromTheCallbackWithoutDeadlock() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3"); BufferReader reader = buffer.openReader("s3")) {
      List<Boolean> told = new CopyOnWriteArrayList<>();
      buffer.addAvailabilityListener(accepting -> {
        told.add(accepting);
        if (accepting) {
          try {
            buffer.append(batch(1_000));
          } catch (BufferFullException | BatchTooLargeException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      List<Long> indexes = fill(buffer, reader);

      buffer.markShipped("s3", indexes.get(0));

      // The append from the callback took the buffer over the budget again; that change was told too.
      assertThat(told).containsExactly(false, true, false);
    }
  }

  @Test
  void listenersEndOnTheCurrentStateAndAreNeverToldTheSameTwiceWhenAppendsAndMarksRace() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3"); BufferReader reader = buffer.openReader("s3")) {
      List<Boolean> told = new CopyOnWriteArrayList<>();
      buffer.addAvailabilityListener(told::add);
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          done.add(threads.submit(() -> {
            for (int i = 0; i < 300; i++) {
              try {
                buffer.append(batch(i));
              } catch (BufferFullException e) {
                // Refused while full; the shipper below frees the budget again.
              }
            }
            return null;
          }));
        }
        done.add(threads.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            BufferedBatch next = reader.next();
            if (next != null) {
              buffer.markShipped("s3", next.index());
            }
          }
          return null;
        }));
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdown();
      }
      Buffers.readAll(reader).forEach(entry -> buffer.markShipped("s3", entry.index()));

      assertThat(buffer.isAccepting()).isTrue();
      assertThat(told).isNotEmpty().endsWith(true);
      for (int i = 1; i < told.size(); i++) {
        assertThat(told.get(i)).as("notification %d", i).isNotEqualTo(told.get(i - 1));
      }
    }
  }

  @Test
  void nothingAcceptedIsLostWhileTheBufferIsFull() throws Exception {
    try (ChronicleRecordBuffer buffer = open("s3"); BufferReader reader = buffer.openReader("s3")) {
      List<Long> indexes = fill(buffer, reader);
      buffer.markShipped("s3", indexes.get(2));
      fill(buffer, reader);

      reader.seekAfter(BufferReader.NO_INDEX);

      assertThat(TestBatches.contentsOf(Buffers.batchesOf(Buffers.readAll(reader))))
          .isEqualTo(TestBatches.contentsOf(accepted));
    }
  }

  @Test
  void afterReopeningTheBudgetIsTheSameOnceOutputsReportTheirPositionsAgain() throws Exception {
    List<Long> indexes;
    long before;
    try (ChronicleRecordBuffer buffer = open("s3", "archive"); BufferReader reader = buffer.openReader("s3")) {
      indexes = fill(buffer, reader);
      buffer.markShipped("s3", indexes.get(3));
      buffer.markShipped("archive", indexes.get(1));
      before = buffer.unshippedBytes();
    }

    try (ChronicleRecordBuffer buffer = open("s3", "archive")) {
      assertThat(buffer.unshippedBytes()).as("every kept entry counts until outputs report").isEqualTo(5 * ENTRY_BYTES);
      try (BufferReader s3 = buffer.openReader("s3"); BufferReader archive = buffer.openReader("archive")) {
        s3.seekAfter(indexes.get(3));
        buffer.markShipped("s3", indexes.get(3));
        archive.seekAfter(indexes.get(1));
        buffer.markShipped("archive", indexes.get(1));

        assertThat(buffer.unshippedBytes()).isEqualTo(before).isEqualTo(3 * ENTRY_BYTES);
        assertThat(buffer.isAccepting()).isTrue();
      }
    }
  }

  @Test
  void outputsThatNeverRegisteredDoNotHoldTheBudget() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      List<Long> indexes = fill(buffer, reader);

      buffer.markShipped("s3", indexes.get(4));

      assertThat(buffer.unshippedBytes()).isZero();
    }
  }

  @Test
  void anOutputRegisteringLateHoldsEverythingStillKeptAgain() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      List<Long> indexes = fill(buffer, reader);
      buffer.markShipped("s3", indexes.get(4));

      try (BufferReader late = buffer.openReader("archive")) {
        assertThat(buffer.unshippedBytes()).isEqualTo(5 * ENTRY_BYTES);
        assertThat(buffer.isAccepting()).isFalse();
        assertThat(late.next().index()).isEqualTo(indexes.get(0));
      }
    }
  }

  @Test
  void aBatchLargerThanTheWholeBudgetIsRefusedAsNeverFitting() {
    try (ChronicleRecordBuffer buffer = open("s3")) {
      assertThatThrownBy(() -> buffer.append(TestBatches.packed("t", 1, 6_000, 1)))
          .isInstanceOf(BatchTooLargeException.class)
          .hasMessageContaining("can never fit").hasMessageContaining("buffer.max_bytes is 5000");
      assertThat(buffer.isAccepting()).isTrue();
    }
  }

  @Test
  void markingAnOutputWithoutAReaderIsAnError() {
    try (ChronicleRecordBuffer buffer = open("s3")) {
      assertThatIllegalArgumentException().isThrownBy(() -> buffer.markShipped("typo", 1))
          .withMessageContaining("output typo has no buffer reader");
    }
  }
}
