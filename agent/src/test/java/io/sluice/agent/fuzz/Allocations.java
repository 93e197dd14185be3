package io.sluice.agent.fuzz;

import java.lang.management.ManagementFactory;

/** Bounds the heap bytes one fuzz input may cost the thread that handles it. */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * Runs {@code work} and fails when it allocated more than {@code bound} bytes twice in a row: the first run of a
   * new path also pays for loading (and Jazzer instrumenting) its classes, which the repeat does not.
   */
  public static void bounded(String what, long bound, Runnable work) {
    if (allocatedBy(work) > bound) {
      long repeat = allocatedBy(work);
      if (repeat > bound) {
        throw new AssertionError(what + " allocated " + repeat + " bytes, over " + bound);
      }
    }
  }

  private static long allocatedBy(Runnable work) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
