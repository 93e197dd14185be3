/**
 * Where a destination puts what its store refuses for good, or its formatter cannot write, and how an operator
 * lists, retries or drops it: {@link io.sluice.agent.output.quarantine.Quarantine}.
 */
package io.sluice.agent.output.quarantine;
