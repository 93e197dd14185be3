/** Each destination's committed state: sequence numbers, resume position, sealed-but-unconfirmed files. */
package io.sluice.agent.output.journal;
