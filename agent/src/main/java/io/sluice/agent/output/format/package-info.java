/**
 * Batches to JSON lines, a pure function of their bytes: common records in one pass over their bytes, every other
 * record streamed through Jackson, both writing the same bytes.
 */
package io.sluice.agent.output.format;
