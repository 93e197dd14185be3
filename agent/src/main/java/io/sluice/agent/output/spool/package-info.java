/** Files being filled on local disk, one per tag, and the policy that seals them by size or age. */
package io.sluice.agent.output.spool;
