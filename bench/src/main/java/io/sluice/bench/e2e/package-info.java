/**
 * Issue 14's end-to-end benchmark: the packaged agent in a process of its own, fed by {@code fwdgen.py} with ack,
 * timed until every record is in a file, beside the machine's physical limits (loopback TCP, sequential disk
 * writes). Results are in docs/BENCHMARKS.md ("End to end, forward with ack → files").
 */
package io.sluice.bench.e2e;
