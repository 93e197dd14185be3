package io.sluice.agent.buffer;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The open-time scan's findings: what the queue holds (entries, bytes, events) and, per roll cycle, when its
 * entries were appended at the latest. The queue does not store append times, so an entry written before the
 * restart is stamped with the start of its cycle: an upper bound on its age.
 */
final class OpenScan implements QueueCursor.EntryVisitor {

  private final QueueTally tally = new QueueTally();
  private final AppendCheckpoints checkpoints = new AppendCheckpoints();
  private final RollCycle rollCycle;
  private final long epochMillis;

  OpenScan(SingleChronicleQueue queue) {
    this.rollCycle = queue.rollCycle();
    this.epochMillis = queue.epoch();
  }

  @Override
  public void visit(long index, long entryBytes, long events) {
    tally.visit(index, entryBytes, events);
    long cycleStartMillis = epochMillis + (long) rollCycle.toCycle(index) * rollCycle.lengthInMillis();
    checkpoints.note(index, Math.floorDiv(cycleStartMillis, 1000));
  }

  QueueTally tally() {
    return tally;
  }

  AppendCheckpoints checkpoints() {
    return checkpoints;
  }
}
