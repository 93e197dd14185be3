package io.sluice.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cycle files damaged on disk before the buffer opens: cut short mid-entry, zeroed inside, cut below their
 * header, deleted. Each time the buffer opens, every output reads every intact entry with its original index, the
 * loss is counted, and the buffer takes appends again.
 */
class DamagedQueueFileTest {

  private static final String[] FILES = {"20261125-1000V.cq4", "20261125-1005V.cq4", "20261125-1010V.cq4"};
  /** Entries per cycle; the middle one holds more than Chronicle's 256-entry index spacing. */
  private static final int[] ENTRIES = {20, 300, 20};

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-11-25T10:00:00Z"));
  /** Every entry as read back before the damage, per cycle. */
  private final List<List<BufferedBatch>> cycles = new ArrayList<>();

  @BeforeEach
  void writeThreeCycles() throws Exception {
    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      for (int cycle = 0; cycle < 3; cycle++) {
        for (int i = 0; i < ENTRIES[cycle]; i++) {
          buffer.append(TestBatches.records("t", 1, 200, cycle * 1_000 + i));
        }
        cycles.add(Buffers.readAll(reader));
        time.advanceMillis(TimeUnit.MINUTES.toMillis(5));
      }
    }
    assertThat(Buffers.cycleFiles(dir)).containsExactly(FILES);
  }

  private ChronicleRecordBuffer open() {
    return ChronicleRecordBuffer.open(Buffers.config(dir, 64L << 20), Set.of("s3", "archive"), registry, time);
  }

  private Path file(int cycle) {
    return dir.resolve("queue").resolve(FILES[cycle]);
  }

  /** The positions of the data entries' headers in a cycle file, in order. */
  private static List<Long> entryPositions(Path file) throws Exception {
    List<Long> positions = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
          .order(ByteOrder.LITTLE_ENDIAN);
      int position = 0;
      while (position + 4 <= bytes.limit()) {
        int header = bytes.getInt(position);
        if (header == 0 || (header & 0x8000_0000) != 0) {
          break;
        }
        if ((header & 0x4000_0000) == 0) {
          positions.add((long) position);
        }
        position = (position + 4 + (header & 0x3FFF_FFFF) + 3) & ~3;
      }
    }
    return positions;
  }

  private static void truncate(Path file, long length) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
  }

  private static void zero(Path file, long from, long to) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(from);
      raf.write(new byte[(int) (to - from)]);
    }
  }

  /** What {@code output} reads from the start, skipping entries reported corrupt as an output does. */
  private static List<BufferedBatch> readAllSkippingCorrupt(ChronicleRecordBuffer buffer, String output) {
    List<BufferedBatch> read = new ArrayList<>();
    try (BufferReader reader = buffer.openReader(output)) {
      while (true) {
        try {
          BufferedBatch next = reader.next();
          if (next == null) {
            return read;
          }
          read.add(next);
        } catch (CorruptEntryException e) {
          reader.seekAfter(e.index());
        }
      }
    }
  }

  private List<BufferedBatch> expected(int damagedCycle, int keptFrom, int keptTo, int resumeFrom) {
    List<BufferedBatch> expected = new ArrayList<>();
    for (int cycle = 0; cycle < 3; cycle++) {
      List<BufferedBatch> entries = cycles.get(cycle);
      if (cycle != damagedCycle) {
        expected.addAll(entries);
      } else {
        expected.addAll(entries.subList(keptFrom, keptTo));
        expected.addAll(entries.subList(resumeFrom, entries.size()));
      }
    }
    return expected;
  }

  private static void assertSameEntries(List<BufferedBatch> read, List<BufferedBatch> expected) {
    assertThat(Buffers.indexesOf(read)).isEqualTo(Buffers.indexesOf(expected));
    assertThat(TestBatches.contentsOf(Buffers.batchesOf(read)))
        .isEqualTo(TestBatches.contentsOf(Buffers.batchesOf(expected)));
  }

  private double corrupt(String what) {
    return Buffers.metric(registry, "sluice_buffer_corrupt_" + what + "_skipped");
  }

  @Test
  void aMiddleFileCutMidEntryIsReadUpToTheCutAndTheNextFileAfterIt() throws Exception {
    long cut = entryPositions(file(1)).get(150) + 50;
    truncate(file(1), cut);

    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> expected = expected(1, 0, 150, 300);
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected);
      assertSameEntries(readAllSkippingCorrupt(buffer, "archive"), expected);
      assertThat(corrupt("files")).isEqualTo(1);
      assertThat(corrupt("entries")).isEqualTo(150);
      assertThat(corrupt("bytes")).isPositive();
    }
  }

  @Test
  void theLastFileCutMidEntryIsReadUpToTheCutAndTakesAppendsAgain() throws Exception {
    long cut = entryPositions(file(2)).get(10) + 30;
    truncate(file(2), cut);

    try (ChronicleRecordBuffer buffer = open()) {
      buffer.append(TestBatches.records("t", 1, 200, 99_999));

      List<BufferedBatch> read = readAllSkippingCorrupt(buffer, "s3");
      assertSameEntries(read.subList(0, read.size() - 1), expected(2, 0, 10, 20));
      assertThat(TestBatches.contentOf(read.get(read.size() - 1).batch()))
          .isEqualTo(TestBatches.contentOf(TestBatches.records("t", 1, 200, 99_999)));
      assertThat(read.get(read.size() - 1).index()).isGreaterThan(cycles.get(2).get(19).index());
      assertThat(corrupt("entries")).isEqualTo(10);
    }
  }

  @Test
  void aZeroedRegionIsSkippedAndTheEntriesAfterItInTheSameFileKeepTheirIndexes() throws Exception {
    List<Long> positions = entryPositions(file(1));
    zero(file(1), positions.get(100), positions.get(110) + 20);

    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> expected = expected(1, 0, 100, 111);
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected);
      assertSameEntries(readAllSkippingCorrupt(buffer, "archive"), expected);
      assertThat(corrupt("files")).isEqualTo(1);
      assertThat(corrupt("entries")).isEqualTo(11);
    }
  }

  @Test
  void aZeroedRegionOverAnIndexedEntryStillLetsAReaderSeekPastIt() throws Exception {
    List<Long> positions = entryPositions(file(1));
    zero(file(1), positions.get(250), positions.get(260) + 20);

    try (ChronicleRecordBuffer buffer = open(); BufferReader reader = buffer.openReader("s3")) {
      reader.seekAfter(cycles.get(1).get(270).index());

      assertThat(reader.next().index()).isEqualTo(cycles.get(1).get(271).index());
      assertThat(corrupt("entries")).isEqualTo(11);
    }
  }

  @Test
  void aFileCutBelowItsHeaderIsSetAsideAndTheNextFileIsRead() throws Exception {
    truncate(file(1), 100);

    try (ChronicleRecordBuffer buffer = open()) {
      List<BufferedBatch> expected = expected(1, 0, 0, 300);
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected);
      assertSameEntries(readAllSkippingCorrupt(buffer, "archive"), expected);
      assertThat(corrupt("files")).isEqualTo(1);
      assertThat(corrupt("bytes")).isEqualTo(100);
    }
    assertThat(dir.resolve("queue").resolve(FILES[1] + QueueRepair.CORRUPT_SUFFIX)).exists();
  }

  @Test
  void aFileCutToNothingIsSetAsideWithoutWaitingForItsHeader() throws Exception {
    truncate(file(1), 0);

    try (ChronicleRecordBuffer buffer = open()) {
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected(1, 0, 0, 300));
      assertThat(corrupt("files")).isEqualTo(1);
    }
  }

  @Test
  void aDeletedMiddleFileLeavesTheFilesAroundItReadable() throws Exception {
    Files.delete(file(1));

    try (ChronicleRecordBuffer buffer = open()) {
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected(1, 0, 0, 300));
      // A missing file leaves nothing to count.
      assertThat(corrupt("files")).isZero();
    }
  }

  @Test
  void intactFilesAreLeftAsTheyAre() throws Exception {
    try (ChronicleRecordBuffer buffer = open()) {
      assertSameEntries(readAllSkippingCorrupt(buffer, "s3"), expected(1, 0, 0, 0));
      assertThat(corrupt("files")).isZero();
      assertThat(corrupt("entries")).isZero();
    }
  }
}
