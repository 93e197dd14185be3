package io.sluice.agent.input.http;

import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link RecordSink} for tests: keeps every batch, and can refuse or hold appends on demand. */
final class RecordingSink implements RecordSink {

  private final List<RecordBatch> batches = new ArrayList<>();
  private volatile boolean accepting = true;
  private volatile boolean full;
  private volatile CountDownLatch gate;
  private final AtomicInteger appendsStarted = new AtomicInteger();

  @Override
  public void append(EventBatch batch) throws BufferFullException {
    appendsStarted.incrementAndGet();
    CountDownLatch held = gate;
    if (held != null) {
      awaitQuietly(held);
    }
    if (full) {
      throw new BufferFullException("the buffer is over max_bytes");
    }
    synchronized (batches) {
      batches.add((RecordBatch) batch);
    }
  }

  @Override
  public boolean isAccepting() {
    return accepting;
  }

  @Override
  public void addAvailabilityListener(AvailabilityListener listener) {
    // The HTTP input asks isAccepting() per request and registers no listener.
  }

  /** The batches appended so far, in order. */
  List<RecordBatch> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  /** Makes {@link #isAccepting()} answer false. */
  void refuse() {
    accepting = false;
  }

  /** Makes {@link #append} throw {@link BufferFullException} although {@link #isAccepting()} says true. */
  void failAppendsAsFull() {
    full = true;
  }

  /** Makes appends wait until the returned latch is counted down. */
  CountDownLatch holdAppends() {
    CountDownLatch latch = new CountDownLatch(1);
    gate = latch;
    return latch;
  }

  /** How many appends have begun, held ones included. */
  int appendsStarted() {
    return appendsStarted.get();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a held append was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
