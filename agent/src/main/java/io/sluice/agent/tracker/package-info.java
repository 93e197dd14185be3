/** The agent's side of the batch tracker: registering each uploaded S3 file before its output commits past it. */
package io.sluice.agent.tracker;
