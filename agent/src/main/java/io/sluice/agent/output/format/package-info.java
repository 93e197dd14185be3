/** Batches to JSON lines: JSON and msgpack records streamed through Jackson, a pure function of their bytes. */
package io.sluice.agent.output.format;
