/**
 * The embedded loader: a scheduler that finds due batches by itself, and the flush of one batch (lock, rotate,
 * manifest, COPY per cluster, status, close, notify) with retries through cluster outages.
 */
package io.sluice.loader.load;
