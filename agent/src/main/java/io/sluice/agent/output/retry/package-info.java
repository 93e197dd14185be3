/** Retrying until success or the drain deadline: capped backoff with jitter, failure reasons, the stop signal. */
package io.sluice.agent.output.retry;
