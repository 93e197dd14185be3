package io.sluice.agent.output;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.agent.buffer.BufferedBatch;
import io.sluice.agent.buffer.RecordBuffer;
import io.sluice.agent.output.OutputMetrics.DestinationMetrics;
import io.sluice.agent.output.format.FormatResult;
import io.sluice.agent.output.format.JsonLineFormatter;
import io.sluice.agent.output.journal.JournalState;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.journal.QuarantineMark;
import io.sluice.agent.output.quarantine.QuarantineLocation.Kind;
import io.sluice.agent.output.retry.Attempted;
import io.sluice.agent.output.retry.FailureClassifier;
import io.sluice.agent.output.retry.FailureReason;
import io.sluice.agent.output.retry.StopSignal;
import io.sluice.agent.output.slice.SlicedEntry;
import io.sluice.agent.output.slice.TimeSlicer;
import io.sluice.agent.output.slice.WindowSide;
import io.sluice.agent.output.spool.OpenFiles;
import io.sluice.agent.output.spool.RotationPolicy;
import io.sluice.agent.output.spool.RotationReason;
import io.sluice.agent.output.spool.SpoolFile;
import io.sluice.config.output.RecordFormatConfig.Compression;
import io.sluice.loader.retry.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a destination's thread does: rebuild and ship pending files, then read the queue, put the records of the
 * entries routed to it into open files per tag and time slice (skipping, and so shipping, entries routed elsewhere),
 * seal them by size, age or to keep within {@code slice.max_open}, ship each sealed file, and commit. A file the
 * store refuses for good is journaled as bound for quarantine, written there, and committed past like a shipped one.
 * On any other failure it rewinds to the journal and reads again from there, which rebuilds exactly the same files.
 */
final class DestinationWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);

  /** How long to wait when the queue has nothing new: short, since age rotation is checked on each wake-up. */
  static final Duration IDLE_WAIT = Duration.ofMillis(50);
  /** A reader that never catches up still commits its position this often (in entries), to free the budget. */
  private static final int ENTRIES_PER_POSITION_COMMIT = 10_000;

  private final Components parts;
  private OpenFiles open;
  private long lastRead;
  private int readSinceCommit;

  /**
   * Everything a worker needs, built by {@link OutputDestination}; the worker keeps in {@code readThrough} the
   * highest entry index it has read, after which a reload's new routes start.
   */
  record Components(String name, RoutingHistory.EntryRoute route, AtomicLong readThrough, RecordBuffer buffer,
      Path spoolDirectory, DestinationLedger ledger, JsonLineFormatter formatter, RotationPolicy rotation,
      FileShipper shipper, PendingRecovery recovery, StopSignal stop, Backoff rewindBackoff, DestinationMetrics metrics,
      SealedFileQuarantine quarantine, DestinationHealth health, Clock clock, TimeSlicer slicer, int maxOpenFiles,
      Compression compression) {}

  DestinationWorker(Components parts) {
    this.parts = parts;
  }

  @Override
  public void run() {
    // The first run goes ahead even when the stop came before the thread ran: a draining stop still owes a read to
    // the buffer's end, as when the agent stops right after a reload built this destination.
    for (int failures = 1; failures == 1 || !parts.stop().isRequested(); failures++) {
      try {
        runFromJournal();
        return;
      } catch (IOException | RuntimeException e) {
        discardOpenFiles();
        parts.metrics().rewound();
        parts.health().failing(FailureClassifier.classify(e));
        Duration wait = parts.rewindBackoff().delay(failures);
        LOG.error("output failed, rewinding to its journal destination={} wait_ms={}", parts.name(),
            wait.toMillis(), e);
        parts.stop().pause(wait);
      }
    }
  }

  private void runFromJournal() throws IOException {
    // The reader comes first: the buffer only takes shipped marks from outputs that have one.
    try (BufferReader reader =
        new CorruptEntrySkipper(parts.buffer().openReader(parts.name()), parts.name(), parts.metrics())) {
      JournalState state = parts.ledger().load();
      open = OpenFiles.in(parts.spoolDirectory(), parts.compression());
      lastRead = state.resumeAfter();
      LOG.info("output reading destination={} resume_after={} pending_files={} next_sequence={}", parts.name(),
          state.resumeAfter(), state.pending().size(), state.nextSequence());
      for (PendingFile pending : state.pending()) {
        if (!recover(pending, reader)) {
          return;
        }
      }
      // The journal and the pending files are fine again: a failure that made it rewind is over.
      parts.health().recovered();
      reader.seekAfter(state.resumeAfter());
      if (pump(reader)) {
        sealAndShip(open.all(), RotationReason.SHUTDOWN);
      }
    }
  }

  private boolean recover(PendingFile pending, BufferReader reader) throws IOException {
    Optional<SealedFile> rebuilt = parts.recovery().rebuild(pending, reader);
    if (rebuilt.isEmpty()) {
      parts.ledger().settle(pending, open.floor(), lastRead);
      return true;
    }
    LOG.info("re-uploading pending file destination={} key={} sequence={}", parts.name(), pending.key(),
        pending.sequence());
    return ship(rebuilt.get());
  }

  /**
   * Reads until a stop is requested, or for a draining stop until the buffer's end; false when shipping was cut off
   * by the drain deadline.
   */
  private boolean pump(BufferReader reader) throws IOException {
    while (parts.stop().keepsReading()) {
      // Asked before the read: an empty read proves the buffer's end only when it began after the inputs stopped,
      // since a record acknowledged just before they stopped may have landed while the read was under way.
      boolean stopRequestedBeforeRead = parts.stop().isRequested();
      BufferedBatch entry = reader.next();
      if (entry != null && !accept(entry)) {
        return false;
      }
      if (!sealAged()) {
        return false;
      }
      if (entry == null || ++readSinceCommit >= ENTRIES_PER_POSITION_COMMIT) {
        // Caught up (or reading for long): let the budget free what was skipped, at most once per wake-up.
        readSinceCommit = 0;
        parts.ledger().advance(open.floor(), lastRead);
      }
      if (entry == null) {
        if (stopRequestedBeforeRead) {
          // Draining and caught up: the inputs stopped before the drain began, so nothing more arrives.
          return true;
        }
        if (!parts.stop().isRequested()) {
          parts.stop().pause(IDLE_WAIT);
        }
      }
    }
    return true;
  }

  /**
   * Puts each time slice of one entry's records in the open file of its tag and slice, or skips the entry; false
   * when a seal (by size, or to keep within {@code slice.max_open}) could not ship in time.
   */
  private boolean accept(BufferedBatch entry) throws IOException {
    if (entry.index() > parts.readThrough().get()) {
      parts.readThrough().set(entry.index());
    }
    String tag = entry.batch().tag();
    if (!parts.route().takes(entry.index(), tag) || entry.index() <= parts.ledger().sealedThrough(tag)) {
      lastRead = entry.index();
      return true;
    }
    SlicedEntry sliced = SlicedEntry.of(entry, parts.formatter(), parts.slicer());
    FormatResult result = sliced.result();
    if (result.malformed() > 0) {
      parts.metrics().malformed(result.malformed());
      LOG.warn("unreadable records kept for quarantine destination={} tag={} index={} records={} reason=\"{}\"",
          parts.name(), tag, entry.index(), result.malformed(), result.firstProblem());
    }
    for (WindowSide side : List.of(WindowSide.PAST, WindowSide.FUTURE)) {
      parts.metrics().outOfWindow(side.label(), sliced.outOfWindow(side));
    }
    // lastRead stays before this entry until every slice of it is in a file: a seal in between (max_open) commits
    // a resume position that must not pass the records still to be written.
    List<SpoolFile> full = new ArrayList<>();
    for (SlicedEntry.Slice slice : sliced.slices()) {
      if (entry.index() <= parts.ledger().sealedThrough(tag, slice.start())) {
        // Replayed after a restart: these records are in a sealed file already.
        continue;
      }
      SpoolFile file = open.get(tag, slice.start());
      if (file == null) {
        if (!makeRoomForOneMore()) {
          return false;
        }
        file = open.open(tag, slice.start(), entry.index(), parts.rotation().now());
        parts.health().open(open.size());
      }
      slice.writeTo(file::append, file::reject);
      file.extendTo(entry.index());
      if (parts.rotation().due(file).orElse(null) == RotationReason.SIZE) {
        full.add(file);
      }
    }
    lastRead = entry.index();
    return sealAndShip(full, RotationReason.SIZE);
  }

  /** Seals the files of the oldest slices until one more may open within {@code slice.max_open}. */
  private boolean makeRoomForOneMore() throws IOException {
    while (open.size() >= parts.maxOpenFiles()) {
      if (!sealAndShip(List.of(open.oldest()), RotationReason.MAX_OPEN)) {
        return false;
      }
    }
    return true;
  }

  private boolean sealAged() throws IOException {
    List<SpoolFile> aged = new ArrayList<>();
    for (SpoolFile file : open.all()) {
      if (parts.rotation().due(file).isPresent()) {
        aged.add(file);
      }
    }
    return aged.isEmpty() || sealAndShip(aged, RotationReason.AGE);
  }

  /** Seals {@code files} in one journal commit, then ships them one by one; false when the deadline cut it off. */
  private boolean sealAndShip(List<SpoolFile> files, RotationReason reason) throws IOException {
    if (files.isEmpty()) {
      return true;
    }
    for (SpoolFile file : files) {
      file.finish();
      open.remove(file);
    }
    parts.health().open(open.size());
    List<PendingFile> sealed = parts.ledger().seal(files, open.floor(), lastRead, parts.clock().millis());
    for (PendingFile file : sealed) {
      parts.metrics().sealed(reason.label());
      LOG.info("rotation reason={} destination={} tag={} records={} bytes={} sequence={} key={}", reason.label(),
          parts.name(), file.tag(), file.records(), file.bytes(), file.sequence(), file.key());
    }
    for (int i = 0; i < sealed.size(); i++) {
      if (!ship(new SealedFile(sealed.get(i), files.get(i).path(), files.get(i).rejectsPath()))) {
        return false;
      }
    }
    return true;
  }

  private boolean ship(SealedFile file) throws IOException {
    SealedFile current = file;
    if (current.identity().rejects() != null && !parts.quarantine().quarantine(current, Kind.MALFORMED_RECORDS)) {
      return false;
    }
    if (current.identity().quarantine() == null && current.identity().records() > 0) {
      Attempted<?> shipped = parts.shipper().ship(current);
      if (shipped instanceof Attempted.Abandoned) {
        return false;
      }
      if (shipped instanceof Attempted.Refused<?> refused) {
        // Journaled first: a crash from here on quarantines the file again under the same keys, never uploads it.
        FailureReason reason = refused.reason();
        current = current.as(parts.ledger().markQuarantined(current.identity(),
            new QuarantineMark(reason.label(), reason.detail(), parts.clock().millis())));
      }
    }
    if (current.identity().quarantine() != null && !parts.quarantine().quarantine(current, Kind.FILE)) {
      return false;
    }
    Files.deleteIfExists(current.content());
    Files.deleteIfExists(current.rejects());
    parts.ledger().settle(current.identity(), open.floor(), lastRead);
    return true;
  }

  private void discardOpenFiles() {
    if (open != null) {
      parts.health().open(0);
      try {
        open.discardAll();
      } catch (RuntimeException e) {
        LOG.warn("could not delete spool files destination={}; the next start removes them", parts.name(), e);
      }
    }
  }
}
