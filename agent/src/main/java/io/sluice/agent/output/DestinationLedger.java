package io.sluice.agent.output;

import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.agent.output.journal.DestinationJournal;
import io.sluice.agent.output.journal.JournalState;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.journal.QuarantineMark;
import io.sluice.agent.output.spool.SpoolFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A destination's committed state: gives sealed files their sequence numbers and keys, journals them before they
 * are uploaded, and reports the resume position to the buffer after every commit.
 *
 * <p>The resume position is the entry before the oldest one still in an open or pending file, or the last entry
 * read when there is none: everything up to it is shipped or skipped.
 */
final class DestinationLedger {

  /** The quarantine reason of records the formatter could not write. */
  static final String REJECTED_REASON = "malformed_records";
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final String destination;
  private final DestinationJournal journal;
  private final RecordBuffer buffer;
  private final ObjectKeys keys;
  private final DestinationHealth health;
  private JournalState state = JournalState.initial();

  DestinationLedger(String destination, DestinationJournal journal, RecordBuffer buffer, ObjectKeys keys,
      DestinationHealth health) {
    this.destination = destination;
    this.journal = journal;
    this.buffer = buffer;
    this.keys = keys;
    this.health = health;
  }

  /**
   * Reads the committed state and reports its resume position to the buffer, as the buffer asks before reading; the
   * destination's reader must be open already.
   */
  JournalState load() throws IOException {
    state = journal.load();
    buffer.markShipped(destination, state.resumeAfter());
    health.waiting(state.pending().size());
    return state;
  }

  /** The last index of {@code tag} whose records of every slice are already in sealed files. */
  long sealedThrough(String tag) {
    return state.sealedThrough(tag);
  }

  /** The last index whose records of {@code tag} in {@code slice} are already in a sealed file. */
  long sealedThrough(String tag, long slice) {
    return state.sealedThrough(tag, slice);
  }

  /**
   * Gives {@code files} the next sequence numbers and their keys, and commits them as pending: from here on, a crash
   * rebuilds each from its queue range and uploads it under this key.
   *
   * @param openFloor the smallest first index of the files still open, {@link Long#MAX_VALUE} when none is
   * @param lastRead the index of the last entry read
   * @param nowMillis when the files are sealed, the time a quarantine of their unreadable records carries
   */
  List<PendingFile> seal(List<SpoolFile> files, long openFloor, long lastRead, long nowMillis) throws IOException {
    List<PendingFile> sealed = new ArrayList<>(files.size());
    long sequence = state.nextSequence();
    for (SpoolFile file : files) {
      // The reason is journaled with the file, so a rebuild after a crash writes the same reason object again.
      QuarantineMark rejects = file.rejected() == 0 ? null : new QuarantineMark(REJECTED_REASON,
          file.rejected() + " records cannot be read; the first: " + file.firstProblem(), nowMillis);
      sealed.add(new PendingFile(sequence, file.tag(), file.firstIndex(), file.lastIndex(),
          keys.keyFor(file.tag(), sequence, file.slice() * NANOS_PER_SECOND), file.firstRecordNanos(),
          file.records(), file.bytes(), null, rejects, file.slice()));
      sequence++;
    }
    JournalState next = state.withSealed(sealed, state.resumeAfter());
    commit(next.withResumeAfter(resumeAfter(next, openFloor, lastRead)));
    return sealed;
  }

  /** Commits that {@code file} is shipped (or lost for good) and moves the resume position past it if it can. */
  void settle(PendingFile file, long openFloor, long lastRead) throws IOException {
    JournalState next = state.withoutPending(file.sequence(), state.resumeAfter());
    commit(next.withResumeAfter(resumeAfter(next, openFloor, lastRead)));
  }

  /**
   * Commits that {@code file} goes to quarantine for {@code mark}: from here on, a restart quarantines it again
   * instead of trying its key.
   */
  PendingFile markQuarantined(PendingFile file, QuarantineMark mark) throws IOException {
    PendingFile marked = file.quarantined(mark);
    commit(state.withQuarantined(marked));
    return marked;
  }

  /** Commits a resume position moved by skipped entries alone; does nothing when it has not moved. */
  void advance(long openFloor, long lastRead) throws IOException {
    long resumeAfter = resumeAfter(state, openFloor, lastRead);
    if (resumeAfter != state.resumeAfter()) {
      commit(state.withResumeAfter(resumeAfter));
    }
  }

  /**
   * Entries after {@code lastRead} count as unread even when a previous run read them: while pending files are
   * rebuilt after a restart, entries beyond the journaled position may belong to files that were open at the crash,
   * and only the replay that follows can tell.
   */
  private long resumeAfter(JournalState candidate, long openFloor, long lastRead) {
    long floor = Math.min(Math.min(openFloor, candidate.pendingFloor()), lastRead + 1);
    long resumeAfter = floor - 1;
    if (resumeAfter < state.resumeAfter()) {
      // Replay starts after the committed position, so nothing read can lie at or before it.
      throw new IllegalStateException("resume position of " + destination + " would move back from "
          + state.resumeAfter() + " to " + resumeAfter);
    }
    return resumeAfter;
  }

  private void commit(JournalState next) throws IOException {
    journal.commit(next);
    boolean progressed = next.resumeAfter() > state.resumeAfter() || next.pending().size() < state.pending().size();
    state = next;
    buffer.markShipped(destination, next.resumeAfter());
    health.waiting(next.pending().size());
    if (progressed) {
      health.progressed();
    }
  }
}
