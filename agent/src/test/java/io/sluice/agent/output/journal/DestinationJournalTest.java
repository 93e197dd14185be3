package io.sluice.agent.output.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.buffer.BufferReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationJournalTest {

  private static final PendingFile WEB = new PendingFile(4, "app.web", 10, 14, "logs/app.web/x-0000000004.json",
      1_795_619_509_123_456_789L, 3, 300);

  /** 2026-11-25T15:00Z, the start of an hour slice. */
  private static final long HOUR_15 = 1_795_618_800L;

  @TempDir
  Path dir;

  @Test
  void aDestinationWithoutJournalStartsFromTheOldestEntry() throws IOException {
    JournalState state = new DestinationJournal(dir).load();

    assertThat(state.resumeAfter()).isEqualTo(BufferReader.NO_INDEX);
    assertThat(state.nextSequence()).isZero();
    assertThat(state.pending()).isEmpty();
  }

  @Test
  void aCommittedStateReadsBackEqual() throws IOException {
    DestinationJournal journal = new DestinationJournal(dir);
    JournalState state = JournalState.initial().withSealed(List.of(
        new PendingFile(0, "app.web", 10, 14, "k0", 1, 3, 300)), 9);

    journal.commit(state);

    assertThat(new DestinationJournal(dir).load()).isEqualTo(state);
  }

  @Test
  void aCommitReplacesTheJournalAndLeavesNoTempFile() throws IOException {
    DestinationJournal journal = new DestinationJournal(dir);
    journal.commit(JournalState.initial().withResumeAfter(5));

    journal.commit(JournalState.initial().withResumeAfter(6));

    assertThat(journal.load().resumeAfter()).isEqualTo(6);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("journal.json"));
    }
  }

  @Test
  void theJournalIsReadableJsonWithSnakeCaseFields() throws IOException {
    DestinationJournal journal = new DestinationJournal(dir);
    journal.commit(new JournalState(JournalState.VERSION, 5, 9, new TreeMap<>(Map.of("app.web", 14L)),
        List.of(WEB)));

    assertThat(Files.readString(journal.path(), StandardCharsets.UTF_8))
        .contains("\"next_sequence\" : 5", "\"resume_after\" : 9", "\"sealed_through\"", "\"first_index\" : 10",
            "\"first_record_nanos\" : 1795619509123456789");
  }

  @Test
  void aJournalOfAnotherFormatVersionIsRefused() throws IOException {
    DestinationJournal journal = new DestinationJournal(dir);
    journal.commit(new JournalState(99, 0, -1, new TreeMap<>(), List.of()));

    assertThatThrownBy(journal::load).isInstanceOf(IOException.class).hasMessageContaining("version 99");
  }

  @Test
  void sealingCountsSequencesOnAndMarksEachTagsLastIndex() {
    JournalState state = JournalState.initial().withSealed(List.of(
        new PendingFile(0, "a", 1, 3, "k0", 0, 1, 1), new PendingFile(1, "b", 2, 5, "k1", 0, 1, 1)), 0);

    assertThat(state.nextSequence()).isEqualTo(2);
    assertThat(state.sealedThrough("a")).isEqualTo(3);
    assertThat(state.sealedThrough("b")).isEqualTo(5);
    assertThat(state.pendingFloor()).isEqualTo(1);
  }

  @Test
  void sealedThroughMarksAtOrBelowTheResumePositionAreDropped() {
    JournalState state = JournalState.initial().withSealed(List.of(
        new PendingFile(0, "a", 1, 3, "k0", 0, 1, 1), new PendingFile(1, "b", 2, 5, "k1", 0, 1, 1)), 0);

    JournalState moved = state.withoutPending(0, 3);

    assertThat(moved.sealedThrough()).containsOnlyKeys("b");
    assertThat(moved.pending()).extracting(PendingFile::sequence).containsExactly(1L);
  }

  @Test
  void aFileOfOneSliceReadsBackWithItsSliceAndMarksOnlyThatSlice() throws IOException {
    DestinationJournal journal = new DestinationJournal(dir);
    JournalState state = JournalState.initial().withSealed(List.of(
        new PendingFile(0, "app.web", 10, 14, "k0", 1, 3, 300, HOUR_15)), 9);

    journal.commit(state);

    JournalState loaded = new DestinationJournal(dir).load();
    assertThat(loaded).isEqualTo(state);
    assertThat(loaded.pending().get(0).slice()).isEqualTo(HOUR_15);
    assertThat(loaded.sealedThrough("app.web", HOUR_15)).isEqualTo(14);
    assertThat(loaded.sealedThrough("app.web", HOUR_15 + 3600)).isEqualTo(BufferReader.NO_INDEX);
    assertThat(loaded.sealedThrough("app.web")).isEqualTo(BufferReader.NO_INDEX);
  }

  @Test
  void aJournalWrittenBeforeFilesWereSlicedLoadsWithWholeTagFiles() throws IOException {
    Files.writeString(dir.resolve("journal.json"), """
        {"version": 1, "next_sequence": 5, "resume_after": 9, "sealed_through": {"app.web": 14},
         "pending": [{"sequence": 4, "tag": "app.web", "first_index": 10, "last_index": 14,
                      "key": "logs/app.web/x-0000000004.json", "first_record_nanos": 1795619509123456789,
                      "records": 3, "bytes": 300}]}
        """);

    JournalState loaded = new DestinationJournal(dir).load();

    assertThat(loaded.pending()).containsExactly(WEB);
    assertThat(loaded.pending().get(0).slice()).isNull();
    assertThat(loaded.sealedThrough("app.web", HOUR_15)).isEqualTo(14);
  }

  @Test
  void sliceMarksAtOrBelowTheResumePositionAreDropped() {
    JournalState state = JournalState.initial().withSealed(List.of(
        new PendingFile(0, "a", 1, 3, "k0", 0, 1, 1, HOUR_15), new PendingFile(1, "a", 2, 5, "k1", 0, 1, 1, 0)), 0);

    JournalState moved = state.withoutPending(0, 3);

    assertThat(moved.sealedSlices()).containsOnlyKeys("a");
    assertThat(moved.sealedSlices().get("a")).containsOnlyKeys(0L);
  }
}
