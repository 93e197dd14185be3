package io.sluice.agent.input;

/**
 * Events of one tag that an input accepted together (one HTTP request, one forward message). The buffer stores a
 * batch as one unit: it is appended whole or not at all, and outputs never split it across files.
 */
public sealed interface EventBatch permits RecordBatch, PackedEntries {

  /** The tag every event of the batch carries. */
  String tag();

  /** How many events the batch holds. */
  int eventCount();
}
