package io.sluice.agent.output.retry;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells a destination thread to stop and by when: waits end early when a stop is requested, and once it is,
 * no wait runs past the drain deadline.
 */
public final class StopSignal {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean requested;
  private long deadlineNanos;

  /** Requests a stop that may take {@code drainTimeout}; later requests keep the first deadline. */
  public void request(Duration drainTimeout) {
    lock.lock();
    try {
      if (!requested) {
        requested = true;
        deadlineNanos = System.nanoTime() + drainTimeout.toNanos();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  public boolean isRequested() {
    lock.lock();
    try {
      return requested;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a stop was requested and its drain deadline has passed: no more attempts, only giving up. */
  public boolean deadlinePassed() {
    lock.lock();
    try {
      return requested && System.nanoTime() - deadlineNanos >= 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout}. Returns early when a stop is requested during the wait; once one has been requested,
   * waits at most until the drain deadline. An interrupt ends the wait and stays set.
   */
  public void pause(Duration timeout) {
    lock.lock();
    try {
      boolean wasRequested = requested;
      long remaining = timeout.toNanos();
      if (wasRequested) {
        remaining = Math.min(remaining, deadlineNanos - System.nanoTime());
      }
      while (remaining > 0 && requested == wasRequested) {
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
