package io.sluice.bench.e2e;

/**
 * One 100 ms reading of the agent during a run.
 *
 * @param nanos when, on {@link System#nanoTime()}
 * @param shippedRecords records in confirmed files so far
 * @param cpuSeconds the agent's CPU time so far
 * @param rssAnonKib its anonymous resident memory
 */
record Sample(long nanos, double shippedRecords, double cpuSeconds, long rssAnonKib) {}
