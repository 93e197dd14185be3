package io.sluice.agent.output.journal;

/**
 * A sealed file the store has not confirmed yet, with everything needed to rebuild it from the queue and upload it
 * again under the same key: the records of {@code slice} in the entries of {@code tag} from {@code firstIndex} to
 * {@code lastIndex}, inclusive.
 *
 * @param sequence the file's sequence number within its destination
 * @param tag the tag of every entry in the file
 * @param firstIndex the queue index of its first entry
 * @param lastIndex the queue index of its last entry
 * @param key the object key, kept rather than re-rendered so a changed key template cannot rename it
 * @param firstRecordNanos the event time of its first record
 * @param records how many lines it holds
 * @param bytes the size of its lines (before compression), to notice a rebuild that came out different
 * @param quarantine set once the store refused the file for good: from then on, also after a crash, the file goes to
 *     quarantine with this reason instead of its key; null while it is to be uploaded normally
 * @param rejects set at sealing when some records of its entries could not be written as lines: they go to
 *     quarantine (as their raw bytes) with this reason before the file is shipped; null when all could
 * @param slice the start of the file's time slice, Unix seconds: a rebuild keeps only the records of that slice;
 *     null for a file sealed before files were sliced, which holds every record of its entries
 */
public record PendingFile(long sequence, String tag, long firstIndex, long lastIndex, String key,
    long firstRecordNanos, long records, long bytes, QuarantineMark quarantine, QuarantineMark rejects, Long slice) {

  /** A file of one slice to be uploaded under its key. */
  public PendingFile(long sequence, String tag, long firstIndex, long lastIndex, String key, long firstRecordNanos,
      long records, long bytes, long slice) {
    this(sequence, tag, firstIndex, lastIndex, key, firstRecordNanos, records, bytes, null, null, slice);
  }

  /** A file sealed before files were sliced: every record of its entries. */
  public PendingFile(long sequence, String tag, long firstIndex, long lastIndex, String key, long firstRecordNanos,
      long records, long bytes) {
    this(sequence, tag, firstIndex, lastIndex, key, firstRecordNanos, records, bytes, null, null, null);
  }

  /** This file, bound for quarantine for {@code mark}. */
  public PendingFile quarantined(QuarantineMark mark) {
    return new PendingFile(sequence, tag, firstIndex, lastIndex, key, firstRecordNanos, records, bytes, mark,
        rejects, slice);
  }

  /** The time the key's time fields come from: the start of its slice, or its first record's time before slices. */
  public long keyTimeNanos() {
    return slice == null ? firstRecordNanos : slice * 1_000_000_000L;
  }
}
