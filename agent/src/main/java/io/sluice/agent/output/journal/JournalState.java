package io.sluice.agent.output.journal;

import io.sluice.agent.buffer.BufferReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one destination has committed: the next sequence number, the queue index replay resumes after, per tag the
 * last index already in a sealed file, and the sealed files not yet confirmed by the store.
 *
 * @param version the journal format version
 * @param nextSequence the sequence number the next sealed file gets
 * @param resumeAfter every entry up to it is shipped or skipped; a restart reads from the entry after it
 * @param sealedThrough per tag, the last queue index that is in a sealed file of all its slices (files sealed before
 *     files were sliced); replay skips that tag's entries up to it, since they are shipped or listed in
 *     {@code pending}
 * @param pending sealed files whose upload is not confirmed, by sequence number
 * @param sealedSlices per tag and slice start (Unix seconds), the last queue index whose records of that slice are
 *     in a sealed file; replay skips those records up to it, while the entry's other slices may still be unsealed
 */
public record JournalState(int version, long nextSequence, long resumeAfter, SortedMap<String, Long> sealedThrough,
    List<PendingFile> pending, SortedMap<String, SortedMap<Long, Long>> sealedSlices) {

  /** The only format this code reads and writes. */
  public static final int VERSION = 1;

  public JournalState {
    sealedThrough = Collections.unmodifiableSortedMap(new TreeMap<>(sealedThrough));
    pending = List.copyOf(pending);
    // Absent from journals written before files were sliced.
    TreeMap<String, SortedMap<Long, Long>> slices = new TreeMap<>();
    if (sealedSlices != null) {
      sealedSlices.forEach((tag, marks) -> slices.put(tag, Collections.unmodifiableSortedMap(new TreeMap<>(marks))));
    }
    sealedSlices = Collections.unmodifiableSortedMap(slices);
  }

  /** A state with no slice marks. */
  public JournalState(int version, long nextSequence, long resumeAfter, SortedMap<String, Long> sealedThrough,
      List<PendingFile> pending) {
    this(version, nextSequence, resumeAfter, sealedThrough, pending, null);
  }

  /** The state of a destination that has never shipped anything. */
  public static JournalState initial() {
    return new JournalState(VERSION, 0, BufferReader.NO_INDEX, new TreeMap<>(), List.of());
  }

  /** The last index of {@code tag} already in a sealed file of all its slices, or {@link BufferReader#NO_INDEX}. */
  public long sealedThrough(String tag) {
    return sealedThrough.getOrDefault(tag, BufferReader.NO_INDEX);
  }

  /**
   * The last index whose records of {@code tag} in {@code slice} are in a sealed file, or
   * {@link BufferReader#NO_INDEX}.
   */
  public long sealedThrough(String tag, long slice) {
    SortedMap<Long, Long> marks = sealedSlices.get(tag);
    long sliced = marks == null ? BufferReader.NO_INDEX : marks.getOrDefault(slice, BufferReader.NO_INDEX);
    return Math.max(sliced, sealedThrough(tag));
  }

  /** The smallest first index of a pending file, or {@link Long#MAX_VALUE} when none is pending. */
  public long pendingFloor() {
    long floor = Long.MAX_VALUE;
    for (PendingFile file : pending) {
      floor = Math.min(floor, file.firstIndex());
    }
    return floor;
  }

  /** This state with {@code sealed} added as pending; sequence numbers must continue from {@link #nextSequence()}. */
  public JournalState withSealed(List<PendingFile> sealed, long newResumeAfter) {
    long next = nextSequence;
    TreeMap<String, Long> through = new TreeMap<>(sealedThrough);
    TreeMap<String, SortedMap<Long, Long>> slices = new TreeMap<>(sealedSlices);
    List<PendingFile> all = new ArrayList<>(pending);
    for (PendingFile file : sealed) {
      if (file.sequence() != next) {
        throw new IllegalArgumentException("file sequence " + file.sequence() + " does not follow " + (next - 1));
      }
      next++;
      if (file.slice() == null) {
        through.merge(file.tag(), file.lastIndex(), Math::max);
      } else {
        TreeMap<Long, Long> marks = new TreeMap<>(slices.getOrDefault(file.tag(), new TreeMap<>()));
        marks.merge(file.slice(), file.lastIndex(), Math::max);
        slices.put(file.tag(), marks);
      }
      all.add(file);
    }
    return new JournalState(version, next, newResumeAfter, pruned(through, newResumeAfter), all,
        prunedSlices(slices, newResumeAfter));
  }

  /** This state with the pending file {@code sequence} confirmed (or given up) and the resume position moved. */
  public JournalState withoutPending(long sequence, long newResumeAfter) {
    List<PendingFile> rest = new ArrayList<>(pending);
    rest.removeIf(file -> file.sequence() == sequence);
    return new JournalState(version, nextSequence, newResumeAfter, pruned(sealedThrough, newResumeAfter), rest,
        prunedSlices(sealedSlices, newResumeAfter));
  }

  /** This state with the pending file {@code sequence} replaced by {@code marked}, bound for quarantine. */
  public JournalState withQuarantined(PendingFile marked) {
    List<PendingFile> all = new ArrayList<>(pending.size());
    for (PendingFile file : pending) {
      all.add(file.sequence() == marked.sequence() ? marked : file);
    }
    return new JournalState(version, nextSequence, resumeAfter, sealedThrough, all, sealedSlices);
  }

  /** This state with only the resume position moved, after entries were skipped. */
  public JournalState withResumeAfter(long newResumeAfter) {
    return new JournalState(version, nextSequence, newResumeAfter, pruned(sealedThrough, newResumeAfter), pending,
        prunedSlices(sealedSlices, newResumeAfter));
  }

  /** Replay never reads at or below the resume position, so marks there are dead weight; tags come and go. */
  private static SortedMap<String, Long> pruned(Map<String, Long> through, long resumeAfter) {
    TreeMap<String, Long> kept = new TreeMap<>(through);
    kept.values().removeIf(index -> index <= resumeAfter);
    return kept;
  }

  private static SortedMap<String, SortedMap<Long, Long>> prunedSlices(Map<String, SortedMap<Long, Long>> slices,
      long resumeAfter) {
    TreeMap<String, SortedMap<Long, Long>> kept = new TreeMap<>();
    slices.forEach((tag, marks) -> {
      TreeMap<Long, Long> live = new TreeMap<>(marks);
      live.values().removeIf(index -> index <= resumeAfter);
      if (!live.isEmpty()) {
        kept.put(tag, live);
      }
    });
    return kept;
  }
}
