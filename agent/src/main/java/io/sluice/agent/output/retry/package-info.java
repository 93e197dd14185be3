/** Retrying until success or the drain deadline: failure reasons and their scope, the retry loop, the stop signal. */
package io.sluice.agent.output.retry;
