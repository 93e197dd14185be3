package io.sluice.agent.buffer;

import io.sluice.agent.input.RecordSink.AvailabilityListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners when the buffer starts or stops accepting, in order and without holding any lock.
 *
 * <p>Whichever thread changed the budget delivers, but only one thread delivers at a time: a thread that finds
 * another one delivering leaves its change to it. The deliverer reports the state it reads last, so listeners
 * never end on a stale value even when appends and shipped marks race on many threads; a flip and its reversal
 * that both happen while a delivery is under way reach listeners as no change.
 */
final class AvailabilityListeners {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityListeners.class);

  private final List<AvailabilityListener> listeners = new CopyOnWriteArrayList<>();
  private final DiskBudget budget;
  private final Supplier<Optional<RefusalReason>> refusal;
  private final AtomicInteger pendingChecks = new AtomicInteger();
  // Only the delivering thread touches it; pendingChecks orders one deliverer after the next.
  private boolean lastTold;

  /** @param refusal why the buffer refuses now, empty while it accepts */
  AvailabilityListeners(DiskBudget budget, Supplier<Optional<RefusalReason>> refusal) {
    this.budget = budget;
    this.refusal = refusal;
    this.lastTold = refusal.get().isEmpty();
  }

  void add(AvailabilityListener listener) {
    listeners.add(listener);
  }

  /** Called after anything that may have changed whether the buffer accepts; tells listeners if it did. */
  void check() {
    if (pendingChecks.getAndIncrement() != 0) {
      return;
    }
    int checks = 1;
    do {
      Optional<RefusalReason> reason = refusal.get();
      boolean now = reason.isEmpty();
      if (now != lastTold) {
        lastTold = now;
        tellAll(reason);
      }
      checks = pendingChecks.addAndGet(-checks);
    } while (checks != 0);
  }

  private void tellAll(Optional<RefusalReason> reason) {
    boolean now = reason.isEmpty();
    if (now) {
      LOG.info("Buffer accepts batches again unshipped_bytes={} max_bytes={}", budget.unshipped(), budget.maxBytes());
    } else {
      LOG.warn("Buffer refuses batches reason={} unshipped_bytes={} max_bytes={}", reason.get().label(),
          budget.unshipped(), budget.maxBytes());
    }
    for (AvailabilityListener listener : listeners) {
      try {
        listener.availabilityChanged(now);
      } catch (RuntimeException e) {
        LOG.warn("Buffer availability listener {} failed", listener, e);
      }
    }
  }
}
