package io.sluice.agent.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.output.journal.DestinationJournal;
import io.sluice.agent.output.journal.JournalState;
import io.sluice.agent.output.journal.PendingFile;
import io.sluice.agent.output.spool.SpoolFile;
import io.sluice.config.output.RecordFormatConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the resume position moves as files are sealed and settled; what the buffer is told after each commit. */
class DestinationLedgerTest {

  private static final PendingFile WEB = new PendingFile(0, "app.web", 10, 20, "k0", 0, 1, 1);
  private static final PendingFile DB = new PendingFile(1, "app.db", 30, 30, "k1", 0, 1, 1);

  /** The slice of {@link TestOutputs#EVENT_NANOS} under the default template: its hour. */
  private static final Instant EVENT_HOUR = Instant.parse("2026-11-25T15:00:00Z");

  @TempDir
  Path dir;

  private final InMemoryRecordBuffer buffer = new InMemoryRecordBuffer();

  /** A ledger for an output whose reader is open, as the destination opens it before loading. */
  private DestinationLedger ledger() {
    buffer.openReader("archive").close();
    return new DestinationLedger("archive", new DestinationJournal(dir), buffer,
        new ObjectKeys(TestOutputs.local("archive", dir.resolve("out"), "**", TestOutputs.rollLate()), "host-1"),
        new DestinationHealth(Clock.systemUTC()));
  }

  private SpoolFile openFile(String tag, long first, long last) throws IOException {
    SpoolFile file = SpoolFile.create(dir, tag, EVENT_HOUR.getEpochSecond(), first, Instant.EPOCH,
        RecordFormatConfig.Compression.NONE);
    byte[] line = "{}\n".getBytes(StandardCharsets.UTF_8);
    file.append(line, line.length, TestOutputs.EVENT_NANOS);
    file.extendTo(last);
    file.finish();
    return file;
  }

  @Test
  void loadingReportsTheJournaledPositionToTheBuffer() throws IOException {
    new DestinationJournal(dir).commit(JournalState.initial().withResumeAfter(41));

    ledger().load();

    assertThat(buffer.shippedThrough("archive")).isEqualTo(41);
  }

  @Test
  void sealingKeepsThePositionBeforeTheSealedFileUntilItIsSettled() throws IOException {
    DestinationLedger ledger = ledger();
    ledger.load();

    List<PendingFile> sealed = ledger.seal(List.of(openFile("app.web", 10, 20)), Long.MAX_VALUE, 25, 0);

    assertThat(buffer.shippedThrough("archive")).isEqualTo(9);
    ledger.settle(sealed.get(0), Long.MAX_VALUE, 25);
    assertThat(buffer.shippedThrough("archive")).isEqualTo(25);
  }

  @Test
  void sealedFilesGetConsecutiveSequenceNumbersAndTemplateKeys() throws IOException {
    DestinationLedger ledger = ledger();
    ledger.load();

    List<PendingFile> sealed = ledger.seal(List.of(openFile("app.web", 10, 20), openFile("app.db", 12, 12)),
        Long.MAX_VALUE, 25, 0);

    assertThat(sealed).extracting(PendingFile::sequence).containsExactly(0L, 1L);
    assertThat(sealed.get(1).key()).isEqualTo("logs/app.db/2026/11/25/15/host-1-archive-0000000001.json");
    assertThat(ledger.sealedThrough("app.web", EVENT_HOUR.getEpochSecond())).isEqualTo(20);
  }

  @Test
  void aSealedSliceIsSkippedOnReplayWhileTheTagsOtherSlicesAreNot() throws IOException {
    DestinationLedger ledger = ledger();
    ledger.load();

    ledger.seal(List.of(openFile("app.web", 10, 20)), 10, 25, 0);

    assertThat(ledger.sealedThrough("app.web", EVENT_HOUR.getEpochSecond())).isEqualTo(20);
    assertThat(ledger.sealedThrough("app.web", EVENT_HOUR.getEpochSecond() + 3600)).isEqualTo(-1);
    assertThat(ledger.sealedThrough("app.web")).isEqualTo(-1);
  }

  @Test
  void aFileSealedBeforeFilesWereSlicedCoversEverySliceOfItsTag() throws IOException {
    new DestinationJournal(dir).commit(new JournalState(JournalState.VERSION, 2, 9,
        new TreeMap<>(Map.of("app.web", 20L)), List.of(WEB)));
    DestinationLedger ledger = ledger();

    ledger.load();

    assertThat(ledger.sealedThrough("app.web", EVENT_HOUR.getEpochSecond())).isEqualTo(20);
    assertThat(ledger.sealedThrough("app.web", 0)).isEqualTo(20);
  }

  @Test
  void anOpenFileHoldsThePositionBeforeItsFirstEntry() throws IOException {
    DestinationLedger ledger = ledger();
    ledger.load();

    ledger.advance(15, 40);

    assertThat(buffer.shippedThrough("archive")).isEqualTo(14);
  }

  @Test
  void settlingPendingFilesDuringRecoveryDoesNotMovePastEntriesNotReadAgainYet() throws IOException {
    // After a crash, entries between the two pending files may have been in files that were open: only replay knows.
    new DestinationJournal(dir).commit(new JournalState(JournalState.VERSION, 2, 9,
        new TreeMap<>(Map.of("app.web", 20L, "app.db", 30L)), List.of(WEB, DB)));
    DestinationLedger ledger = ledger();
    ledger.load();

    ledger.settle(WEB, Long.MAX_VALUE, 9);
    ledger.settle(DB, Long.MAX_VALUE, 9);

    assertThat(new DestinationJournal(dir).load().resumeAfter()).isEqualTo(9);
    assertThat(ledger.sealedThrough("app.web")).isEqualTo(20);
  }
}
