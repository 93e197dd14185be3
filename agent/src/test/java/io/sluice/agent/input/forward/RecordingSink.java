package io.sluice.agent.input.forward;

import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link RecordSink} for tests: keeps every batch, and can refuse or hold appends on demand. */
final class RecordingSink implements RecordSink {

  private final List<EventBatch> batches = new ArrayList<>();
  private final List<AvailabilityListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean accepting = true;
  private volatile CountDownLatch gate;
  private volatile boolean failAsFull;
  private final AtomicInteger refusals = new AtomicInteger();

  @Override
  public void append(EventBatch batch) throws BufferFullException {
    CountDownLatch held = gate;
    if (held != null) {
      awaitQuietly(held);
    }
    if (!accepting || failAsFull) {
      refusals.incrementAndGet();
      throw new BufferFullException("the buffer is over max_bytes");
    }
    synchronized (batches) {
      batches.add(batch);
    }
  }

  @Override
  public boolean isAccepting() {
    return accepting;
  }

  @Override
  public void addAvailabilityListener(AvailabilityListener listener) {
    listeners.add(listener);
  }

  /** The batches appended so far, in order. */
  List<EventBatch> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  /** Starts or stops accepting, telling the listeners as the real buffer does. */
  void accepting(boolean accepting) {
    this.accepting = accepting;
    listeners.forEach(listener -> listener.availabilityChanged(accepting));
  }

  /** Makes appends fail as full while {@link #isAccepting()} still says true, as a real buffer can. */
  void failAppendsAsFull(boolean fail) {
    failAsFull = fail;
  }

  /** How many appends were refused as full so far. */
  int refusals() {
    return refusals.get();
  }

  /** The forward input's availability listener, which knows the open connections. */
  SinkAvailability availability() {
    return (SinkAvailability) listeners.get(0);
  }

  /** Makes appends wait until the returned latch is counted down. */
  CountDownLatch holdAppends() {
    CountDownLatch latch = new CountDownLatch(1);
    gate = latch;
    return latch;
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
