package io.sluice.agent.output;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.BufferedBatch;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.agent.output.format.RejectedRecordLines;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.slice.SlicedEntry;
import io.sluice.agent.output.slice.TimeSlicer;
import io.sluice.agent.output.spool.SpoolFile;
import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a pending file after a restart from its queue range: the same entries through the same formatter give
 * the same bytes, which go up under the journaled key and overwrite whatever an earlier attempt left.
 */
final class PendingRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(PendingRecovery.class);

  private final String destination;
  private final JsonLineFormatter formatter;
  private final Path spoolDirectory;
  private final TimeSlicer slicer;

  PendingRecovery(String destination, JsonLineFormatter formatter, Path spoolDirectory, TimeSlicer slicer) {
    this.destination = destination;
    this.formatter = formatter;
    this.spoolDirectory = spoolDirectory;
    this.slicer = slicer;
  }

  /**
   * Reads the entries of {@code file} back from the queue into a spool file, keeping the records of its slice: the
   * same records in the same order as when it was sealed, since the slice of a record depends only on the entry.
   *
   * @return the rebuilt file, or empty when the queue no longer holds its first or last entry
   */
  Optional<SealedFile> rebuild(PendingFile file, BufferReader reader) throws IOException {
    long slice = file.slice() == null ? TimeSlicer.SINGLE_SLICE : file.slice();
    // Stored as its journaled key says, even if the output's compression changed since it was sealed.
    SpoolFile spool = SpoolFile.create(spoolDirectory, file.tag(), slice, file.firstIndex(), Instant.EPOCH,
        Compression.ofKey(file.key()));
    boolean complete = false;
    try {
      reader.seekAfter(file.firstIndex() - 1);
      BufferedBatch entry = reader.next();
      if (entry != null && entry.index() == file.firstIndex()) {
        while (entry != null && entry.index() <= file.lastIndex()) {
          if (entry.batch().tag().equals(file.tag())) {
            copy(entry, file, spool);
          }
          complete = entry.index() == file.lastIndex();
          entry = complete ? null : reader.next();
        }
      }
      spool.finish();
    } finally {
      if (!complete) {
        spool.delete();
      }
    }
    if (!complete) {
      LOG.error("pending file lost: the queue no longer holds its entries destination={} key={} first_index={}"
          + " last_index={}", destination, file.key(), file.firstIndex(), file.lastIndex());
      return Optional.empty();
    }
    if (spool.bytes() != file.bytes() || spool.records() != file.records()) {
      // Same key, different lines: only a formatter change between versions does this; the object is replaced.
      // (Compressed bytes are not compared: the journal counts the lines' bytes, as roll.size does.)
      LOG.warn("pending file rebuilt with different content destination={} key={} bytes={} journaled_bytes={}",
          destination, file.key(), spool.bytes(), file.bytes());
    }
    return Optional.of(new SealedFile(file, spool.path(), spool.rejectsPath()));
  }

  private void copy(BufferedBatch entry, PendingFile file, SpoolFile spool) throws IOException {
    if (file.slice() == null) {
      // Sealed before files were sliced: it holds every record of its entries.
      long index = entry.index();
      formatter.format(entry.batch(), spool::append, (raw, offset, length, problem) -> spool.reject(
          RejectedRecordLines.line(file.tag(), index, problem, raw, offset, length), problem));
      return;
    }
    SlicedEntry.Slice records = SlicedEntry.of(entry, formatter, slicer).slice(file.slice());
    if (records != null) {
      records.writeTo(spool::append, spool::reject);
    }
  }
}
