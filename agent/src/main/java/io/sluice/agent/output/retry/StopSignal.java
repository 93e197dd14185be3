package io.sluice.agent.output.retry;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells a destination thread to stop and by when: waits end early when a stop is requested, and once it is,
 * no wait runs past the drain deadline. A draining stop lets the thread read on to the buffer's end first, for at
 * most {@link #READING_SHARE_PERCENT}% of the drain timeout, so that sealing and shipping what it read has the rest.
 */
public final class StopSignal {

  /** The part of a draining stop's timeout spent reading the buffer; the rest is left for the last uploads. */
  static final int READING_SHARE_PERCENT = 75;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean requested;
  private long deadlineNanos;
  private boolean draining;
  private long readingDeadlineNanos;

  /**
   * Requests a stop that may take {@code drainTimeout}: seal and ship what is open, nothing more read. Later requests
   * keep the first deadline.
   */
  public void request(Duration drainTimeout) {
    request(drainTimeout, false);
  }

  /**
   * Requests a stop that first reads on until the buffer's end (the inputs have stopped appending), then seals and
   * ships, all within {@code drainTimeout}. Later requests keep the first deadline.
   */
  public void requestDrain(Duration drainTimeout) {
    request(drainTimeout, true);
  }

  private void request(Duration drainTimeout, boolean drain) {
    lock.lock();
    try {
      if (!requested) {
        requested = true;
        draining = drain;
        long now = System.nanoTime();
        deadlineNanos = now + drainTimeout.toNanos();
        readingDeadlineNanos = now + drainTimeout.toNanos() / 100 * READING_SHARE_PERCENT;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the thread may read another entry: no stop requested, or a draining one still within its reading share. */
  public boolean keepsReading() {
    lock.lock();
    try {
      return !requested || draining && System.nanoTime() - readingDeadlineNanos < 0;
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
