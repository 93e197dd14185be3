package io.sluice.agent.buffer;

/** Adds up the entries a cursor steps over: how many, the bytes they take and the events they hold. */
final class QueueTally implements QueueCursor.EntryVisitor {

  private long entries;
  private long bytes;
  private long events;

  @Override
  public void visit(long index, long entryBytes, long entryEvents) {
    entries++;
    bytes += entryBytes;
    events += entryEvents;
  }

  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }

  long events() {
    return events;
  }
}
