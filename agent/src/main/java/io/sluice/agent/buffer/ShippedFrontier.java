package io.sluice.agent.buffer;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The index every registered output has shipped through: the lowest of their shipped marks, or
 * {@link BufferReader#NO_INDEX} while one of them has shipped nothing. Moving it forward releases the disk budget
 * the passed entries held and lets their files be deleted; an output registering behind it moves it back, and the
 * entries still kept count against the budget again. Outputs that never registered do not hold anything.
 */
final class ShippedFrontier implements AutoCloseable {

  private final QueueCursor cursor;
  private final DiskBudget budget;
  private final CycleFileCleaner cleaner;
  private final Supplier<Set<Integer>> readerCycles;

  // Guarded by this; the cursor too, which always sits right after the frontier.
  private final Map<String, Long> shipped = new HashMap<>();
  private long frontier = BufferReader.NO_INDEX;

  /**
   * @param cursor positioned at the start of the queue
   * @param readerCycles the cycles open readers have mapped, which the cleaner must leave alone
   * @param outputs outputs registered from the start, holding everything until they report what they shipped
   */
  ShippedFrontier(QueueCursor cursor, DiskBudget budget, CycleFileCleaner cleaner,
      Supplier<Set<Integer>> readerCycles, Collection<String> outputs) {
    this.cursor = cursor;
    this.budget = budget;
    this.cleaner = cleaner;
    this.readerCycles = readerCycles;
    outputs.forEach(output -> shipped.put(output, BufferReader.NO_INDEX));
  }

  /** Registers {@code output} as having shipped nothing, unless it is registered already. */
  synchronized void register(String output) {
    if (shipped.putIfAbsent(output, BufferReader.NO_INDEX) == null) {
      moveTo(lowestMark());
    }
  }

  /**
   * Records that {@code output} shipped everything through {@code index}; a mark behind its previous one is
   * ignored, because what was shipped stays shipped.
   *
   * @throws IllegalArgumentException when {@code output} was never registered
   */
  synchronized void markShipped(String output, long index) {
    Long previous = shipped.get(output);
    if (previous == null) {
      throw new IllegalArgumentException("output " + output + " has no buffer reader; open one before marking");
    }
    if (index > previous) {
      shipped.put(output, index);
      moveTo(lowestMark());
    }
  }

  @Override
  public synchronized void close() {
    cursor.close();
  }

  private long lowestMark() {
    return shipped.values().stream().mapToLong(Long::longValue).min().orElse(BufferReader.NO_INDEX);
  }

  private void moveTo(long target) {
    if (target > frontier) {
      budget.released(cursor.skipThrough(target));
      frontier = target;
      deleteShippedFiles();
    } else if (target < frontier) {
      cursor.seekAfter(target);
      budget.added(cursor.skipThrough(frontier));
      cursor.seekAfter(target);
      frontier = target;
    }
  }

  private void deleteShippedFiles() {
    int firstNeeded = cursor.nextEntryCycle().orElse(Integer.MAX_VALUE);
    Set<Integer> mapped = new HashSet<>(readerCycles.get());
    mapped.add(cursor.cycle());
    cleaner.deleteBefore(firstNeeded, mapped);
  }
}
